// Package messages holds every message prio shows a user, in English and
// Swedish, and formats them in the language chosen for the run.
//
// A message is written in the code in English, as a fmt format:
//
//	messages.Errorf("%s: the folder %s does not exist; create it first", path, dir)
//
// The English format is the key into the catalogue (catalogue/*.yaml,
// embedded), which gives for each message its Swedish format, what causes it
// and what to do about it. docs/messages.md is generated from the catalogue,
// and a test reads the source code to check that every message it can
// produce is catalogued in both languages with the same verbs.
//
// The language is chosen once per run (SetLanguage), before any message is
// made: messages are translated when they are made, so errors, warnings and
// explanations stored in results are already in the run's language. The
// default is English, for library use; the prio command defaults to Swedish.
//
// golang.org/x/text/message was considered and not used: its printer
// localises numbers (1234 becomes "1 234" in Swedish), which would break
// the positions in messages ("Blad1!C1234", "file.csv:1234:2") that users
// and tools rely on.
package messages
