package importers

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Files on disk (issue 12, items 8 and 9): a file too large is refused by
// its size before a byte is read, a file is read in place in passes of a
// megabyte, never held, and a cancelled context stops the reading.

// TestReadFilesTooLarge: a sparse file of 600 MiB, above the 512 MiB limit,
// is refused without reading it: the read allocates next to nothing.
func TestReadFilesTooLarge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(600 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = ReadFiles(parseSet(t, smallSet), []string{path}, Options{})
	runtime.ReadMemStats(&after)
	if want := path + ": larger than 512 MiB, the limit for one input file"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if n := after.TotalAlloc - before.TotalAlloc; n > 1<<20 {
		t.Errorf("refusing the file allocated %d bytes", n)
	}
}

// TestReadCancelled: a cancelled context stops a read of a CSV file or a
// workbook, on disk or in memory, with the context's error, not a problem
// of the file.
func TestReadCancelled(t *testing.T) {
	set := parseSet(t, smallSet)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	csv := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(csv, []byte("Projekt-ID;Projektnamn\nA;Alfa\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "a.xlsx")
	if err := os.WriteFile(book, bookSpec{}.build(t), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{csv, book} {
		if _, err := ReadFilesJoined(ctx, set, []string{path}, nil, Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", filepath.Base(path), err)
		}
		data, _ := os.ReadFile(path)
		if _, err := ReadJoined(ctx, set, []Source{{Path: path, Data: data}}, nil, Options{}); !errors.Is(err, context.Canceled) {
			t.Errorf("%s in memory: %v, want context.Canceled", filepath.Base(path), err)
		}
	}
}

// TestScanTextChunks: characters of several bytes that a chunk's end cuts
// are read whole, and an invalid byte at a chunk's end is found where it is.
func TestScanTextChunks(t *testing.T) {
	for shift := -4; shift <= 4; shift++ {
		for _, c := range []string{"å", "€", "😀"} {
			pad := strings.Repeat("a", readChunk+shift)
			info, err := scanText(textOf(pad + c + "b"))
			if err != nil || info.invalid != 0 || info.multiByte != 1 || info.binary || !info.text {
				t.Errorf("%q at %d: %+v, %v", c, shift, info, err)
			}
		}
		// "å" in Windows-1252 (0xE5), a lead byte with nothing after it.
		pad := strings.Repeat("a", readChunk+shift)
		info, err := scanText(textOf(pad + "\xe5b"))
		if err != nil || info.invalid != 1 || len(info.firstInvalid) != 1 || info.firstInvalid[0] != int64(len(pad)) {
			t.Errorf("0xE5 at %d: %+v, %v", shift, info, err)
		}
	}
	// A file of white space is no text.
	if info, _ := scanText(textOf(" \n\t\u00a0\r\n")); info.text {
		t.Errorf("white space: %+v", info)
	}
}

// shrinkingReaderAt is a file that ends before the size it had: as one
// cut short while it is read.
type shrinkingReaderAt struct{ data []byte }

func (s shrinkingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= int64(len(s.data)) {
		return 0, io.EOF
	}
	n := copy(p, s.data[off:])
	return n, nil
}

// A file that ends before its size is a problem of the file, never a file
// read as having no rows.
func TestReadFileCutShort(t *testing.T) {
	data := []byte("Projekt-ID;Projektnamn\nA;Alfa\n")
	in := input{path: "cut.csv", ra: shrinkingReaderAt{data}, size: int64(len(data)) + 100}
	_, err := readInputs(context.Background(), parseSet(t, smallSet), []input{in}, nil, Options{})
	if want := "cut.csv: cannot be read (unexpected EOF)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// TestSourceFrom: a file read from an io.Reader gives the portfolio the
// same bytes give, and a reader longer than the limit (lowered here to
// 64 bytes) is refused with the message for a file on disk.
func TestSourceFrom(t *testing.T) {
	set := parseSet(t, smallSet)
	const csv = "Projekt-ID;Projektnamn\nA;Alfa\nB;Beta\n"
	src, err := SourceFrom("upload.csv", strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Read(set, []Source{src}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Investments) != 2 || p.Investments[1].ID != "B" || p.Inputs[0].Path != "upload.csv" {
		t.Errorf("read %d investments from %v", len(p.Investments), p.Inputs)
	}
	was := maxFileSize
	maxFileSize = 64
	defer func() { maxFileSize = was }()
	_, err = SourceFrom("big.csv", strings.NewReader(strings.Repeat("x", 65)))
	if want := "big.csv: larger than 64 bytes, the limit for one input file"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
	if _, err := SourceFrom("exact.csv", strings.NewReader(strings.Repeat("x", 64))); err != nil {
		t.Errorf("64 bytes: %v", err)
	}
}
