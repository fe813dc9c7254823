package main

import (
	"os"
	"strconv"
	"time"
)

// sourceDateEnv fixes the date the reports for people show, as
// reproducible builds fix a build's time (reproducible-builds.org): a
// number of seconds since 1970-01-01 UTC. Without it the reports show
// today's date.
const sourceDateEnv = "SOURCE_DATE_EPOCH"

// runDate is the date of the run for the reports people read (HTML,
// Markdown, workbooks): SOURCE_DATE_EPOCH when set, else today, in UTC.
// JSON and CSV never carry it.
func runDate() (time.Time, error) {
	if env := os.Getenv(sourceDateEnv); env != "" {
		secs, err := strconv.ParseInt(env, 10, 64)
		if err != nil || secs < 0 {
			return time.Time{}, usagef("%s must be a number of seconds since 1970-01-01, not %q", sourceDateEnv, env)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Now().UTC(), nil
}
