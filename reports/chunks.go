package reports

import (
	"bufio"
	"bytes"
	"io"
	"runtime"
	"sync"
)

// rowChunk is how many rows of a long CSV or JSON a goroutine formats at a
// time.
const rowChunk = 256

// formatChunks writes rows 0..n-1 to w in order, each chunk of rowChunk rows
// formatted by format into a buffer of its own. Up to GOMAXPROCS chunks are
// formatted at once, each on its own goroutine, while this one writes the
// chunks before them: turning 100,000 results into text is most of the
// time a large CSV or JSON takes, and on two cores it then takes half. The
// chunks' bounds do not depend on the number of goroutines, and format
// writes each chunk as it would were the rows written one after another, so
// the output is the same bytes whatever the scheduling. The first error, in
// the rows' order, stops the writing; what the chunks before it hold is
// written.
func formatChunks(w io.Writer, n int, format func(b *bytes.Buffer, from, to int) error) error {
	type formatted struct {
		b   *bytes.Buffer
		err error
	}
	chunks := (n + rowChunk - 1) / rowChunk
	ahead := max(runtime.GOMAXPROCS(0), 1)
	results := make([]chan formatted, chunks)
	free := make(chan *bytes.Buffer, ahead+1)
	launched := 0
	for next := range chunks {
		for ; launched < chunks && launched <= next+ahead-1; launched++ {
			k := launched
			done := make(chan formatted, 1) // never blocks: no goroutine outlives an error
			results[k] = done
			var b *bytes.Buffer
			select {
			case b = <-free:
				b.Reset()
			default:
				b = new(bytes.Buffer)
			}
			go func() {
				err := format(b, k*rowChunk, min(n, (k+1)*rowChunk))
				done <- formatted{b, err}
			}()
		}
		r := <-results[next]
		if r.err != nil {
			return r.err
		}
		if _, err := w.Write(r.b.Bytes()); err != nil {
			return err
		}
		select {
		case free <- r.b:
		default:
		}
	}
	return nil
}

// chunkWriters are the buffered writers the goroutines of formatChunks
// format through, kept for the next chunk: one made per chunk was 25 MB of
// garbage in the JSON of 100,000 investments, which raised its peak memory.
var chunkWriters = sync.Pool{New: func() any { return bufio.NewWriterSize(nil, 64<<10) }}

// chunkWriter is a buffered writer to b from chunkWriters; put it back
// with chunkWriters.Put once flushed.
func chunkWriter(b *bytes.Buffer) *bufio.Writer {
	w := chunkWriters.Get().(*bufio.Writer)
	w.Reset(b)
	return w
}
