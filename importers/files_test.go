package importers

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Files on disk (issue 12, items 8 and 9): a file too large is refused by
// its size before a byte is read, one whose size is wrong is read no further
// than the limit, and a cancelled context stops the reading.

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

// TestReadBounded: a reader that gives more than it said, or gives without
// saying how much, is read no further than one byte past the limit.
func TestReadBounded(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name        string
		data        string
		size, limit int64
		want        error
	}{
		{"as large as it says", "abcdefgh", 8, 8, nil},
		{"larger than it says, within the limit", "abcdefgh", 2, 8, nil},
		{"larger than it says and than the limit", "abcdefghi", 2, 8, errBeyondLimit},
		{"of no size said, within the limit", "abcdefgh", 0, 8, nil},
		{"of no size said, beyond the limit", strings.Repeat("z", 200<<10), 0, 100 << 10, errBeyondLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &countingReader{r: strings.NewReader(tt.data)}
			got, err := readBounded(ctx, r, tt.size, tt.limit)
			if !errors.Is(err, tt.want) || err == nil && string(got) != tt.data {
				t.Errorf("got %q, %v; want the data, %v", got, err, tt.want)
			}
			if r.n > tt.limit+1 {
				t.Errorf("read %d bytes, more than the limit %d and one", r.n, tt.limit)
			}
		})
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := readBounded(cancelled, strings.NewReader("abc"), 3, 8); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
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
