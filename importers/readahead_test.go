package importers

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestAheadReader checks that reading through aheadReader gives the bytes
// and then the very error of the reader under it, after the bytes it read
// before failing, and that close stops it half-way. The expected bytes are
// the input; the expected errors are the ones the test's readers return.
func TestAheadReader(t *testing.T) {
	data := bytes.Repeat([]byte("<row r=\"1\"><c><v>12</v></c></row>\n"), 3*aheadChunkSize/32)
	broken := errors.New("flate: corrupt input before offset 1234")
	tests := []struct {
		name    string
		r       func() io.Reader
		want    []byte
		wantErr error
	}{
		{"empty", func() io.Reader { return bytes.NewReader(nil) }, nil, nil},
		{"several chunks", func() io.Reader { return bytes.NewReader(data) }, data, nil},
		{"a byte at a time", func() io.Reader { return iotest.OneByteReader(bytes.NewReader(data[:100000])) }, data[:100000], nil},
		{"data and EOF together", func() io.Reader { return iotest.DataErrReader(bytes.NewReader(data)) }, data, nil},
		{"cut short", func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:aheadChunkSize+7]), iotest.ErrReader(io.ErrUnexpectedEOF))
		}, data[:aheadChunkSize+7], io.ErrUnexpectedEOF},
		{"broken", func() io.Reader {
			return io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(broken))
		}, data[:10], broken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAheadReader(tt.r())
			defer a.close()
			got, err := io.ReadAll(a)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if !bytes.Equal(got, tt.want) {
				t.Errorf("read %d bytes, want %d", len(got), len(tt.want))
			}
			// The error stays.
			if _, again := a.Read(make([]byte, 1)); tt.wantErr != nil && !errors.Is(again, tt.wantErr) {
				t.Errorf("read again: %v, want %v", again, tt.wantErr)
			}
		})
	}
	t.Run("closed half-way", func(t *testing.T) {
		a := newAheadReader(bytes.NewReader(data))
		if _, err := io.ReadFull(a, make([]byte, 1000)); err != nil {
			t.Fatal(err)
		}
		a.close() // returns: the goroutine stops though its chunks are not read
	})
}
