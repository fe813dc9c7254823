package reports

import (
	"bytes"
	"compress/flate"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
)

// TestParallelDeflate checks that the blocks parallelDeflate deflates on
// their own make one deflate stream that inflates to the bytes written, and
// that the compressed bytes depend neither on how the bytes were written
// (in one call or in pieces of odd sizes) nor on GOMAXPROCS. The expected
// output is the input itself.
func TestParallelDeflate(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	// XML-like text with some randomness, so that blocks compress and
	// differ.
	var text bytes.Buffer
	for text.Len() < 3*deflateBlock+5 {
		text.WriteString(`<row r="`)
		text.WriteString(string(rune('0' + rng.IntN(10))))
		text.WriteString(`"><c r="A1" t="inlineStr"><is><t>Projekt</t></is></c></row>`)
	}
	all := text.Bytes()
	tests := []struct {
		name string
		size int
	}{
		{"empty", 0},
		{"one byte", 1},
		{"a block less one byte", deflateBlock - 1},
		{"a block", deflateBlock},
		{"three blocks and five bytes", 3*deflateBlock + 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := all[:tt.size]
			var first []byte
			for _, c := range []struct {
				procs int
				piece int // 0: all in one Write
			}{{1, 0}, {4, 0}, {1, 4093}, {4, 70001}, {2, 1}} {
				if c.piece == 1 && tt.size > deflateBlock {
					continue // a byte at a time is too slow for the large cases
				}
				func() {
					defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.procs))
					var out bytes.Buffer
					d := newParallelDeflate(&out)
					rest := in
					for len(rest) > 0 {
						n := len(rest)
						if c.piece > 0 {
							n = min(n, c.piece)
						}
						if _, err := d.Write(rest[:n]); err != nil {
							t.Fatal(err)
						}
						rest = rest[n:]
					}
					if err := d.Close(); err != nil {
						t.Fatal(err)
					}
					got, err := io.ReadAll(flate.NewReader(bytes.NewReader(out.Bytes())))
					if err != nil {
						t.Fatalf("GOMAXPROCS %d, pieces of %d: the stream does not inflate: %v", c.procs, c.piece, err)
					}
					if !bytes.Equal(got, in) {
						t.Fatalf("GOMAXPROCS %d, pieces of %d: inflates to %d bytes, not the %d written", c.procs, c.piece, len(got), len(in))
					}
					if first == nil {
						first = bytes.Clone(out.Bytes())
					} else if !bytes.Equal(out.Bytes(), first) {
						t.Errorf("GOMAXPROCS %d, pieces of %d: compressed bytes differ from GOMAXPROCS 1 in one write", c.procs, c.piece)
					}
				}()
			}
		})
	}
}

// TestBlockBuffer checks that what is written to a blockBuffer in pieces
// of any size is read back from any offset, across its blocks, with io.EOF
// past its end. The expected bytes are the ones written.
func TestBlockBuffer(t *testing.T) {
	data := make([]byte, 2*blockBufferSize+12345)
	for i := range data {
		data[i] = byte(i * 7 % 251)
	}
	var b blockBuffer
	for rest, piece := data, 1; len(rest) > 0; piece = piece*3 + 1 {
		k := min(piece, len(rest))
		if n, err := b.Write(rest[:k]); n != k || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
		rest = rest[k:]
	}
	if b.Len() != int64(len(data)) {
		t.Fatalf("Len = %d, want %d", b.Len(), len(data))
	}
	tests := []struct {
		name    string
		off, n  int
		wantErr error
	}{
		{"the start", 0, 10, nil},
		{"across the first block's end", blockBufferSize - 5, 10, nil},
		{"a whole block and more", 3, blockBufferSize + 100, nil},
		{"the last bytes", len(data) - 4, 4, nil},
		{"past the end", len(data) - 4, 10, io.EOF},
		{"all of it", 0, len(data), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := make([]byte, tt.n)
			n, err := b.ReadAt(p, int64(tt.off))
			if err != tt.wantErr {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			want := data[tt.off:min(tt.off+tt.n, len(data))]
			if !bytes.Equal(p[:n], want) {
				t.Errorf("read %d bytes that differ from the %d written there", n, len(want))
			}
		})
	}
}
