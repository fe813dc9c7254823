package batch

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/prio-tool/prio/messages"
)

// A run folder is written only where nothing of a user's can be lost. An
// output folder that exists is refused without --force; with it, only a
// folder that is exactly a prio run is replaced: its run.json reads as
// prio.run/1, and it holds nothing but run.json and the files run.json
// lists, as regular files (an empty folder holds nothing to lose and is
// replaced too). Whatever else it holds is named in the refusal. The
// output may never be, or hold, a file the run reads (the manifest, the
// criteria file, an agency's workbook or joined file, the previous run of
// --compare), nor be the current folder or one above it. Files are
// compared by device and inode (os.SameFile), so that a link to an input,
// symbolic or hard, counts as the input.

// maxNamed is the number of files a refusal names before it counts the
// rest.
const maxNamed = 5

// runInputs are the files and folders a run of m reads, by the names
// messages give them: the manifest, the criteria file, every agency's
// workbook and joined files, and the previous run compared with.
func runInputs(m *Manifest, compare string) []string {
	var in []string
	if m.File != "" {
		in = append(in, m.File)
	}
	if m.Criteria != "" {
		in = append(in, m.Path(m.Criteria))
	}
	for _, a := range m.Agencies {
		for _, p := range append([]string{a.Workbook}, a.Join...) {
			if p != "" {
				in = append(in, m.Path(p))
			}
		}
	}
	if compare != "" {
		in = append(in, compare)
	}
	return in
}

// CheckOutput refuses the output folder target of a run of m, before the
// run reads anything but the manifest: target being one of the run's
// inputs, or (only with force, as without it an existing target is
// refused with ErrOutputExists) a folder that is not exactly a prio run
// folder, that is the current folder or above it, or that holds an input.
// compare is the previous run of --compare, or "".
func CheckOutput(m *Manifest, target string, force bool, compare string) error {
	_, err := checkTarget(target, force, runInputs(m, compare))
	return err
}

// checkTarget is CheckOutput over the inputs' paths. It returns the record
// of the run folder that force would replace, nil for an empty folder or
// none.
func checkTarget(target string, force bool, inputs []string) (*Record, error) {
	abs, err := filepath.Abs(target)
	if err != nil {
		return nil, err
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(abs); err == nil {
		for _, in := range inputs {
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return nil, messages.Errorf("%s: the same as the input %s; it will not be replaced", target, in)
			}
		}
	}
	if !force {
		return nil, messages.Kind(ErrOutputExists, "%s: the output folder exists", target)
	}
	switch {
	case fi.Mode()&fs.ModeSymlink != 0:
		return nil, messages.Errorf("%s: a symbolic link, not a run folder; it will not be replaced", target)
	case !fi.IsDir():
		return nil, messages.Errorf("%s: a file, not a run folder; it will not be replaced", target)
	}
	if isCurrentOrAbove(fi) {
		return nil, messages.Errorf("%s: the current folder, or a folder above it; it will not be replaced", target)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, err
	}
	if len(entries) == 0 {
		return nil, nil
	}
	rec, err := ReadRecord(abs)
	if err != nil {
		var top []string
		for _, e := range entries {
			top = append(top, entryName(e.Name(), e.IsDir()))
		}
		why := messages.M("it has no %s", RecordName)
		if _, lerr := os.Lstat(filepath.Join(abs, RecordName)); lerr == nil {
			why = messages.M("its %s: %s", RecordName, reasonOnly(abs, err))
		}
		return nil, messages.Errorf("%s: not a prio run folder (%s); it holds %s, which --force would delete; it will not be replaced", target, why, nameList(top))
	}
	listed := map[string]bool{RecordName: true}
	for _, o := range rec.Outputs() {
		listed[o.Path] = true
	}
	var unlisted, held []string
	err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == abs {
			return nil
		}
		rel := filepath.ToSlash(mustRel(abs, path))
		if d.IsDir() {
			if !holdsListed(listed, rel) {
				unlisted = append(unlisted, rel+"/")
				return filepath.SkipDir
			}
			return nil
		}
		if !listed[rel] || !d.Type().IsRegular() {
			unlisted = append(unlisted, rel)
			return nil
		}
		if st, err := os.Stat(path); err == nil {
			for _, in := range inputs {
				if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
					held = append(held, in)
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(unlisted) > 0 {
		return nil, messages.Errorf("%s: holds files that its %s does not list: %s; --force would delete them, so it will not be replaced", target, RecordName, nameList(unlisted))
	}
	// A folder input (the previous run of --compare) inside the target.
	for _, in := range inputs {
		if isInside(in, fi) {
			held = append(held, in)
		}
	}
	if len(held) > 0 {
		return nil, messages.Errorf("%s: holds %s, an input of this run; it will not be replaced", target, nameList(held))
	}
	return rec, nil
}

// reasonOnly is what ReadRecord said about a folder, without the path of
// run.json it begins with, in the language it is asked for.
func reasonOnly(abs string, err error) messages.Localizer { return reason{abs, err} }

type reason struct {
	abs string
	err error
}

func (r reason) Localize(l messages.Lang) string {
	msg := messages.Localize(r.err, l)
	for _, prefix := range []string{filepath.Join(r.abs, RecordName) + ": ", r.abs + ": "} {
		if s, ok := strings.CutPrefix(msg, prefix); ok {
			return s
		}
	}
	return msg
}

// entryName is a name in a list of what a folder holds: folders end in "/".
func entryName(name string, dir bool) string {
	if dir {
		return name + "/"
	}
	return name
}

// nameList names up to maxNamed of names, sorted, and counts the rest.
func nameList(names []string) any {
	names = slices.Clone(names)
	sort.Strings(names)
	names = slices.Compact(names)
	if len(names) <= maxNamed {
		return strings.Join(names, ", ")
	}
	return messages.M("%s (and %d more)", strings.Join(names[:maxNamed], ", "), len(names)-maxNamed)
}

// holdsListed tells a folder rel (relative, "/" between folders) that
// holds a listed output.
func holdsListed(listed map[string]bool, rel string) bool {
	for p := range listed {
		if strings.HasPrefix(p, rel+"/") {
			return true
		}
	}
	return false
}

func mustRel(base, path string) string {
	rel, err := filepath.Rel(base, path)
	if err != nil {
		return path
	}
	return rel
}

// isCurrentOrAbove tells a folder that is the current folder or one of the
// folders above it.
func isCurrentOrAbove(dir fs.FileInfo) bool {
	wd, err := os.Getwd()
	if err != nil {
		return true // cannot tell: the safe answer
	}
	return isAtOrAbove(wd, dir)
}

// isInside tells a path (a folder or file) that is the folder dir or lies
// under it, following the folders above path by device and inode.
func isInside(path string, dir fs.FileInfo) bool {
	abs, err := filepath.Abs(path)
	if err != nil {
		return false
	}
	if _, err := os.Stat(abs); err != nil {
		return false
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	return isAtOrAbove(abs, dir)
}

// isAtOrAbove tells whether dir is path or one of the folders above it.
func isAtOrAbove(path string, dir fs.FileInfo) bool {
	for p := path; ; p = filepath.Dir(p) {
		if st, err := os.Stat(p); err == nil && os.SameFile(st, dir) {
			return true
		}
		if filepath.Dir(p) == p {
			return false
		}
	}
}

// removeRun removes the run folder dir that record rec describes: the
// files it lists and run.json, then the folders left empty. Anything else
// that appeared in it is left, with the folder; the names of what is left
// are returned.
func removeRun(dir string, rec *Record) []string {
	if rec == nil {
		if err := os.Remove(dir); err != nil {
			return []string{dir}
		}
		return nil
	}
	files := []string{RecordName}
	for _, o := range rec.Outputs() {
		files = append(files, o.Path)
	}
	folders := map[string]bool{}
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f))
		if fi, err := os.Lstat(path); err == nil && fi.Mode().IsRegular() {
			os.Remove(path)
		}
		for d := filepath.Dir(f); d != "." && d != "/"; d = filepath.Dir(d) {
			folders[d] = true
		}
	}
	// The deepest folders first, so that each is empty when it is removed.
	order := slices.Collect(maps.Keys(folders))
	sort.Slice(order, func(i, j int) bool {
		if a, b := strings.Count(order[i], "/"), strings.Count(order[j], "/"); a != b {
			return a > b
		}
		return order[i] < order[j]
	})
	for _, d := range order {
		os.Remove(filepath.Join(dir, filepath.FromSlash(d))) // fails, and keeps it, when not empty
	}
	if err := os.Remove(dir); err == nil {
		return nil
	}
	var left []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && path != dir && !d.IsDir() {
			left = append(left, filepath.ToSlash(mustRel(dir, path)))
		}
		return nil
	})
	return left
}
