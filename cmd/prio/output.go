package main

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/prio-tool/prio/internal/fileerr"
	"github.com/prio-tool/prio/internal/safeio"
	"github.com/prio-tool/prio/internal/strictyaml"
	"github.com/prio-tool/prio/messages"
)

// Every command that writes a file takes its name with -o and, when it
// writes more than one format, the format with -f. Both are settled by
// newOutput before the command reads anything, so that a run that would
// destroy a user's file, or write one format under another's name, is
// refused before it starts:
//
//   - without -f the format is the one the name's extension stands for
//     (resultat.xlsx: xlsx), and a name whose extension says nothing is a
//     usage error listing the formats; -f with an extension that names
//     another format (-f json -o x.xlsx) is a usage error too;
//   - -o naming a folder, a named pipe, a device or a socket is refused;
//   - -o naming a file the run reads (a portfolio, a --join file, the
//     criteria set, a manifest, a selection, ...) is refused, whatever the
//     path: the files are compared by device and inode (os.SameFile), so a
//     symbolic or hard link to an input is refused too.
//
// The file is then written into a hidden temporary folder beside it
// (safeio.NewTempDir, with a marker naming this machine and process) and
// renamed into place: a failed or interrupted run leaves no partial file,
// and a run killed outright leaves a folder the next run into the same
// folder recognises and removes.

// formatOfExt is the format each known file name extension stands for.
// .txt holds text: the table by default, and any of the text formats when
// -f says which.
var formatOfExt = map[string]string{
	".txt": "table", ".json": "json", ".csv": "csv", ".md": "md", ".markdown": "md",
	".xlsx": "xlsx", ".html": "html", ".htm": "html", ".yaml": "yaml", ".yml": "yaml",
}

// extOfFormat is the extension a format's files are given, in messages.
var extOfFormat = map[string]string{
	"table": ".txt", "json": ".json", "csv": ".csv", "md": ".md", "xlsx": ".xlsx", "html": ".html", "yaml": ".yaml",
}

// binaryFormats are never written to the terminal, and never into a .txt.
var binaryFormats = []string{"xlsx"}

// output is where a command writes its result: stdout, or the file path,
// in format. inputs are the files the run reads, which it must never
// overwrite.
type output struct {
	path   string
	format string
	inputs []string
}

// toStdout tells an output that goes to stdout: no -o, or -o -.
func (o *output) toStdout() bool { return o.path == "" || o.path == "-" }

// newOutput settles a command's output before it reads anything: the
// format from asked (-f, "" when not given) and the name path (-o), among
// the command's formats (the first is the default on stdout), and the file
// checked against what it is and against every input. It removes the
// temporary folders killed runs left in the file's folder, with a note on
// stderr for each.
func newOutput(path, asked string, formats []string, stderr io.Writer, inputs ...string) (*output, error) {
	o := &output{path: path, inputs: inputs}
	var err error
	if o.format, err = outputFormat(path, asked, formats); err != nil {
		return nil, err
	}
	if err := checkBinaryOutput(o.format, path); err != nil {
		return nil, err
	}
	if o.toStdout() {
		return o, nil
	}
	if err := o.check(); err != nil {
		return nil, err
	}
	removeLeftovers(stderr, filepath.Dir(path))
	return o, nil
}

// outputFormat is the format of an output named path (-o), given format
// (-f, or ""), among formats.
func outputFormat(path, format string, formats []string) (string, error) {
	if path == "" || path == "-" {
		if format == "" {
			return formats[0], nil
		}
		return format, nil
	}
	ext := strings.ToLower(filepath.Ext(path))
	named, known := formatOfExt[ext]
	switch {
	case format == "" && len(formats) == 1:
		if known && named != formats[0] && !(ext == ".txt" && !slices.Contains(binaryFormats, formats[0])) {
			return "", usagef("-o %s: the command does not write %s files; it writes %s", path, ext, strictyaml.OrList(formats))
		}
		return formats[0], nil
	case format == "" && !known:
		var exts []string
		for _, f := range formats {
			exts = append(exts, extOfFormat[f])
		}
		return "", usagef("-o %s: the format cannot be told from the name: give --format (%s), or end the name in %s", path, strictyaml.OrList(formats), strictyaml.OrList(exts))
	case format == "" && !slices.Contains(formats, named):
		return "", usagef("-o %s: the command does not write %s files; it writes %s", path, ext, strictyaml.OrList(formats))
	case format == "":
		return named, nil
	case !known, named == format:
		return format, nil
	case ext == ".txt" && !slices.Contains(binaryFormats, format):
		return format, nil // a .txt holds any text format
	}
	return "", usagef("--format %s does not go with -o %s: the name ends in %s, not %s; change one of them", format, path, ext, extOfFormat[format])
}

// checkBinaryOutput refuses to write a binary workbook to stdout: -o must
// name the file.
func checkBinaryOutput(format, output string) error {
	if slices.Contains(binaryFormats, format) && (output == "" || output == "-") {
		return usagef("--format xlsx writes a binary workbook: name the file with -o PATH")
	}
	return nil
}

// check refuses an output path that is a folder, a named pipe, a device or
// a socket, or the same file as an input, and one whose folder does not
// exist.
func (o *output) check() error {
	dir := filepath.Dir(o.path)
	if fi, err := os.Stat(dir); err != nil {
		return fileerr.WriteIn(o.path, dir, err)
	} else if !fi.IsDir() {
		return fileerr.WriteIn(o.path, dir, &fs.PathError{Op: "stat", Path: dir, Err: syscall.ENOTDIR})
	}
	out, err := os.Stat(o.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // a new file, or a link to nothing: the rename replaces the link
	}
	if err != nil {
		return fileerr.Describe(o.path, err)
	}
	switch m := out.Mode(); {
	case m.IsDir():
		return messages.Errorf("%s: is a folder; -o takes a file name", o.path)
	case !m.IsRegular():
		return messages.Errorf("%s: is %s, not a file: -o would put a file in its place; name a file, or leave out -o to write to stdout", o.path, specialKind(m))
	}
	for _, in := range o.inputs {
		if in == "" || in == "-" {
			continue
		}
		if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
			return messages.Errorf("%s: the same file as the input %s; it will not be overwritten", o.path, in)
		}
	}
	return nil
}

// specialKind names what a file that is not a regular file or a folder is.
func specialKind(m fs.FileMode) messages.Message {
	switch safeio.KindOf(m) {
	case safeio.FIFO:
		return messages.T("a named pipe (FIFO)")
	case safeio.Device:
		return messages.T("a device")
	case safeio.Socket:
		return messages.T("a socket")
	}
	return messages.T("a special file")
}

// write writes data to stdout, or into a temporary folder beside the file,
// renamed into place: a failed run never leaves a partial file. The checks
// of newOutput are made again, as the file system may have changed while
// the run read and computed.
func (o *output) write(data []byte, stdout io.Writer) error {
	return o.writeWith(context.Background(), stdout, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// writeWith is write for an output made as it is written: fill writes it
// to stdout, or to a file in the temporary folder, renamed into place only
// when fill succeeds and the run was not interrupted. A result of 100,000
// investments is then never held in memory as JSON or CSV. (On stdout,
// what fill wrote before a failure stays written: the renderers check a
// result before they start, so only an I/O error can stop them half-way.)
func (o *output) writeWith(ctx context.Context, stdout io.Writer, fill func(io.Writer) error) error {
	if o.toStdout() {
		return fill(stdout)
	}
	if err := o.check(); err != nil {
		return err
	}
	dir, base := filepath.Dir(o.path), filepath.Base(o.path)
	tmp, err := safeio.NewTempDir(dir, base)
	if err != nil {
		return fileerr.WriteIn(o.path, dir, err)
	}
	defer tmp.Remove() // a no-op once committed
	f, err := tmp.Create(base)
	if err != nil {
		return messages.Errorf("%s: writing failed, nothing was written: %w", o.path, unwrapPath(err))
	}
	err = fill(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		var ioErr *fs.PathError
		if errors.As(err, &ioErr) {
			return messages.Errorf("%s: writing failed, nothing was written: %w", o.path, unwrapPath(err))
		}
		return err
	}
	if ctx.Err() != nil {
		return interrupted()
	}
	err = tmp.Commit(func(t string) error { return os.Rename(filepath.Join(t, base), o.path) })
	if errors.Is(err, safeio.ErrAbandoned) {
		return interrupted()
	}
	if err != nil {
		return messages.Errorf("%s: could not be put in place, nothing was written: %w", o.path, unwrapPath(err))
	}
	return nil
}

// writeOutput writes data to path (stdout when empty or "-"), refusing as
// newOutput does a path that is one of inputs.
func writeOutput(path string, data []byte, stdout io.Writer, inputs []string) error {
	return (&output{path: path, inputs: inputs}).write(data, stdout)
}

// removeLeftovers removes the temporary folders that killed runs left in
// dir (safeio.RemoveLeftovers), saying so for each.
func removeLeftovers(stderr io.Writer, dir string) {
	for _, l := range safeio.RemoveLeftovers(dir) {
		notef(stderr, "removed %s, a temporary folder left in %s by a prio run that was stopped (process %d on this machine)", l.Name, dir, l.PID)
	}
}

// unwrapPath is the system's reason without the operation and the path,
// which name the temporary folder the user never asked for.
func unwrapPath(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}
