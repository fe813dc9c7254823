//go:build unix

package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The hostile inputs of issue 12 (items 5 to 9 and 12 to 15) that the
// importers refuse, run with the built binary as TestBadInputs runs its
// inputs, under the same memory limit: each must exit 1 with the expected
// message, without a panic or a stack trace and without writing its output;
// and, loosely, as a guard against hangs and runaway memory rather than a
// measure of speed, within 1 GiB of peak memory and 30 seconds.
func TestHostileImports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and makes workbooks that unpack to gigabytes")
	}
	dir := t.TempDir()
	makeHostileInputs(t, dir)
	bad, err := filepath.Abs("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	crit := filepath.Join(bad, "crit.yaml")
	const gib = 1 << 30
	tests := []struct {
		name string
		dir  string // the generated inputs, or testdata/bad
		file string
		want string
	}{
		// 5: parts bounded by what they unpack to, and by what they build.
		{"styles that unpack to 1 GiB", dir, "styles-bomb.xlsx",
			"styles-bomb.xlsx: xl/styles.xml is larger than 64 MiB unpacked, the limit for one part of a workbook"},
		{"shared strings that unpack to 1 GiB", dir, "strings-bomb.xlsx",
			"strings-bomb.xlsx: xl/sharedStrings.xml is larger than 512 MiB unpacked, the limit for one part of a workbook"},
		{"shared strings of 512 MiB, kept, then a bad number", dir, "strings-at-bound.xlsx",
			`strings-at-bound.xlsx: Blad1!C2: "ca 5" is not a number`},
		{"seventeen million shared strings", dir, "strings-many.xlsx",
			"strings-many.xlsx: xl/sharedStrings.xml holds more than 16777216 shared strings, the most a workbook is read with"},
		{"two million cell formats", dir, "styles-many.xlsx",
			"styles-many.xlsx: xl/styles.xml defines more than 1048576 cell formats; Excel allows 64000"},
		{"three sheets of 900 MiB", dir, "sheets-total.xlsx",
			"sheets-total.xlsx: Blad3: xl/worksheets/sheet3.xml: with this part the parts read unpack to more than 2048 MiB, the limit for one workbook"},
		{"a cell of 1 GiB", dir, "cell-1gib.xlsx",
			"cell-1gib.xlsx: Blad1!B2: the cell holds more than 32767 characters, the most a cell holds (Excel's limit)"},
		// 6: a part read once; entries of one name.
		{"1,000 sheets of one 100 MB part", dir, "one-part.xlsx",
			`one-part.xlsx: the sheet "Blad1" and the sheet "Blad2" are the same part, xl/worksheets/sheet1.xml: in a workbook each has a part of its own`},
		{"entries whose names differ in case", dir, "case-twins.xlsx",
			`case-twins.xlsx: the zip holds two entries whose names differ only in case, "xl/worksheets/sheet1.xml" and "xl/worksheets/Sheet1.xml"`},
		// 7: CSV wider than a sheet.
		{"a CSV line of 1,000,000 columns", dir, "wide.csv",
			"wide.csv:2: line 2 has more than 16384 columns, the most a sheet has (Excel's limit)"},
		// 8 and 9: files that are too large or not files.
		{"a file of 600 MiB", dir, "large.csv", "large.csv: larger than 512 MiB, the limit for one input file"},
		{"/dev/zero", dir, "/dev/zero", "/dev/zero: a device, not a file: prio reads only regular files"},
		{"/dev/urandom", dir, "/dev/urandom", "/dev/urandom: a device, not a file: prio reads only regular files"},
		{"a named pipe", dir, "pipe.csv", "pipe.csv: a named pipe (FIFO), not a file: prio reads only regular files"},
		// 12 to 15: inputs that are not what they seem.
		{"ids that differ by a zero-width space", "", "csv-lookalike-ids.csv",
			`csv-lookalike-ids.csv:3:1: id "EXV\u200b-1" appears twice (also at csv-lookalike-ids.csv:2:1 as "EXV-1"`},
		{"a control character in a cell", "", "csv-control.csv",
			"csv-control.csv:2:2: the cell holds the control character U+000B, which no text needs: remove it"},
		{"UTF-8 with one byte that is not", "", "csv-almost-utf8.csv",
			"csv-almost-utf8.csv:3:2: the byte 0xE5 is not UTF-8, though the rest of the file is"},
		{"an investment named like a sum, without an id", "", "csv-sum-word-name.csv",
			"csv-sum-word-name.csv:3:1: row has data but no id"},
		{"a password-protected workbook", dir, "locked.xlsx",
			"locked.xlsx: the workbook is password-protected: save it without a password"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.dir
			if in == "" {
				in = bad
			}
			out := filepath.Join(t.TempDir(), "out.json")
			r := runMeasured(t, in, "score", "-c", crit, "-f", "json", "-o", out, tc.file)
			if r.code != 1 {
				t.Errorf("exit status %d, want 1\n%s", r.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%.2000s", tc.want, r.stderr)
			}
			for _, crash := range []string{"panic:", "goroutine ", "fatal error", "runtime."} {
				if strings.Contains(r.stderr, crash) {
					t.Errorf("stderr holds %q:\n%.2000s", crash, r.stderr)
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output file was written")
			}
			if r.maxRSS > gib {
				t.Errorf("peak memory %d MiB, more than 1 GiB", r.maxRSS>>20)
			}
			if r.wall > 30*time.Second {
				t.Errorf("took %v, more than 30 s", r.wall)
			}
			t.Logf("%v, %d MiB", r.wall.Round(time.Millisecond), r.maxRSS>>20)
		})
	}
}

// TestHostileImportInterrupted: Ctrl-C while prio reads a workbook (a cell
// of 1 GiB, seconds of reading) stops it at once, as Ctrl-C does elsewhere:
// "interrupted", exit status 1, nothing written.
func TestHostileImportInterrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeBomb(t, filepath.Join(dir, "cell-1gib.xlsx"), bombSheet(`<row r="2">`+inlineCell("A2", "A")+`<c r="B2" t="inlineStr"><is><t>`, "y", 1<<30, `</t></is></c></row>`))
	bad, err := filepath.Abs("../../testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	cmd := exec.Command(bin, "score", "-c", filepath.Join(bad, "crit.yaml"), "-f", "json", "-o", out, "cell-1gib.xlsx")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PRIO_LANG=en")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // well into the 1 GiB
	sent := time.Now()
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("still running 30 s after Ctrl-C\n%s", stderr.String())
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || stderr.String() != "prio: interrupted\n" {
		t.Errorf("after Ctrl-C: %v, stderr %q; want exit status 1 and \"prio: interrupted\"", err, stderr.String())
	}
	if since := time.Since(sent); since > 5*time.Second {
		t.Errorf("stopped %v after Ctrl-C", since)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an output file was written")
	}
}

// measured is one run of the built binary.
type measured struct {
	stderr string
	code   int
	wall   time.Duration
	maxRSS int64 // bytes
}

// runMeasured runs the built prio as runBinary does (English, 4 GB of
// address space, 60 s), and measures its time and peak memory: the shell
// execs prio, so the process's peak is prio's.
func runMeasured(t testing.TB, dir string, args ...string) measured {
	t.Helper()
	bin, err := buildOnce()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", append([]string{"-c", `ulimit -v 4000000; exec "$0" "$@"`, bin}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PRIO_LANG=en")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	start := time.Now()
	err = cmd.Run()
	r := measured{stderr: errb.String(), wall: time.Since(start)}
	if ctx.Err() != nil {
		t.Fatalf("prio %s: still running after 60 s", strings.Join(args, " "))
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = int64(ru.Maxrss) << 10 // KiB on Linux
	}
	return r
}

// makeHostileInputs writes the generated inputs of TestHostileImports.
// Workbooks that unpack to gigabytes are written in a fraction of a second
// each (see bombPart); none is larger than 2 MB on disk.
func makeHostileInputs(t *testing.T, dir string) {
	t.Helper()
	rel := func(typ, target string) string {
		return `<Relationship Id="rId` + typ + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/` + typ + `" Target="` + target + `"/>`
	}
	header := `<row r="1">` + inlineCell("A1", "ID") + inlineCell("B1", "Namn") + inlineCell("C1", "Kostnad") + `</row>`
	sheet := func(rows string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="` + sheetNS + `"><sheetData>` + header + rows + `</sheetData></worksheet>`
	}
	oneRow := sheet(`<row r="2">` + inlineCell("A2", "A") + inlineCell("B2", "Alfa") + `<c r="C2"><v>5</v></c></row>`)
	xf := `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`

	// A styles part of 1 GiB of cell formats; shared strings of 1 GiB.
	writeBomb(t, filepath.Join(dir, "styles-bomb.xlsx"), bombBook(1, rel("styles", "styles.xml"),
		rawPart{"xl/styles.xml", bombPart(`<styleSheet xmlns="`+sheetNS+`"><cellXfs>`, xf, 1<<30, `</cellXfs></styleSheet>`)},
		rawPart{"xl/worksheets/sheet1.xml", plainPart(oneRow)}))
	si := "<si><t>" + strings.Repeat("x", 1000) + "</t></si>"
	writeBomb(t, filepath.Join(dir, "strings-bomb.xlsx"), bombBook(1, rel("sharedStrings", "sharedStrings.xml"),
		rawPart{"xl/sharedStrings.xml", bombPart(`<sst xmlns="`+sheetNS+`">`, si, 1<<30, `</sst>`)},
		rawPart{"xl/worksheets/sheet1.xml", plainPart(oneRow)}))
	// Shared strings just under 512 MiB, of texts of 100,000 bytes, all
	// kept, and a sheet with a bad number: the table at its bound.
	long := "<si><t>" + strings.Repeat("x", 100000) + "</t></si>"
	writeBomb(t, filepath.Join(dir, "strings-at-bound.xlsx"), bombBook(1, rel("sharedStrings", "sharedStrings.xml"),
		rawPart{"xl/sharedStrings.xml", bombPart(`<sst xmlns="`+sheetNS+`">`, long, 512<<20-100, `</sst>`)},
		rawPart{"xl/worksheets/sheet1.xml", plainPart(sheet(`<row r="2">` + inlineCell("A2", "A") + inlineCell("B2", "Alfa") + inlineCell("C2", "ca 5") + `</row>`))}))
	// 17 bytes a string: 500 MiB of them are 30 million.
	writeBomb(t, filepath.Join(dir, "strings-many.xlsx"), bombBook(1, rel("sharedStrings", "sharedStrings.xml"),
		rawPart{"xl/sharedStrings.xml", bombPart(`<sst xmlns="`+sheetNS+`">`, "<si><t>x</t></si>", 500<<20, `</sst>`)},
		rawPart{"xl/worksheets/sheet1.xml", plainPart(oneRow)}))
	// 18 bytes a format: 40 MiB of them are 2.3 million.
	writeBomb(t, filepath.Join(dir, "styles-many.xlsx"), bombBook(1, rel("styles", "styles.xml"),
		rawPart{"xl/styles.xml", bombPart(`<styleSheet xmlns="`+sheetNS+`"><cellXfs>`, `<xf numFmtId="0"/>`, 40<<20, `</cellXfs></styleSheet>`)},
		rawPart{"xl/worksheets/sheet1.xml", plainPart(oneRow)}))
	// Three sheets of 900 MiB of empty rows: 2,700 MiB together.
	var sheets []rawPart
	for i := 1; i <= 3; i++ {
		sheets = append(sheets, rawPart{fmt.Sprintf("xl/worksheets/sheet%d.xml", i),
			bombPart(`<worksheet xmlns="`+sheetNS+`"><sheetData>`+header, "<row/>", 900<<20, `</sheetData></worksheet>`)})
	}
	writeBomb(t, filepath.Join(dir, "sheets-total.xlsx"), bombBook(3, "", sheets...))
	writeBomb(t, filepath.Join(dir, "cell-1gib.xlsx"), bombSheet(`<row r="2">`+inlineCell("A2", "A")+`<c r="B2" t="inlineStr"><is><t>`, "y", 1<<30, `</t></is></c></row>`))
	// A thousand sheets, all of one part of 100 MB.
	writeBomb(t, filepath.Join(dir, "one-part.xlsx"), bombBookShared(1000,
		rawPart{"xl/worksheets/sheet1.xml", bombPart(`<worksheet xmlns="`+sheetNS+`"><sheetData>`+header, "<row/>", 100<<20, `</sheetData></worksheet>`)}))
	writeBomb(t, filepath.Join(dir, "case-twins.xlsx"), bombBook(1, "",
		rawPart{"xl/worksheets/sheet1.xml", plainPart(oneRow)}, rawPart{"xl/worksheets/Sheet1.xml", plainPart(oneRow)}))

	var wide strings.Builder
	wide.WriteString("ID;Namn;Kostnad\nA;Alfa;1")
	wide.WriteString(strings.Repeat(";x", 1000000))
	wide.WriteString("\n")
	write := func(name string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("wide.csv", []byte(wide.String()))
	f, err := os.Create(filepath.Join(dir, "large.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(600 << 20); err != nil { // sparse: no disk used
		t.Fatal(err)
	}
	f.Close()
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.csv"), 0o600); err != nil {
		t.Fatal(err)
	}
	book := excelize.NewFile()
	defer book.Close()
	if err := book.SetCellValue("Sheet1", "A1", "ID"); err != nil {
		t.Fatal(err)
	}
	var locked bytes.Buffer
	if _, err := book.WriteTo(&locked, excelize.Options{Password: "hemligt"}); err != nil {
		t.Fatal(err)
	}
	write("locked.xlsx", locked.Bytes())
}

const sheetNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

func inlineCell(ref, v string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>`
}

// rawPart is a zip entry already compressed.
type rawPart struct {
	name string
	data compressed
}

// compressed is deflated data, its CRC-32 and size unpacked.
type compressed struct {
	data []byte
	crc  uint32
	size int64
}

func plainPart(text string) compressed {
	return bombPart(text, "", 0, "")
}

// bombPart deflates head, then unit repeated to fill size bytes (the whole
// part is at most size long), then tail, without deflating the repeats one
// by one: a chunk of units is deflated once, with no history, and flushed
// to a byte boundary, so that its blocks can follow each other any number
// of times in one stream. A gigabyte takes a fraction of a second.
func bombPart(head, unit string, size int64, tail string) compressed {
	deflate := func(s string, final bool) []byte {
		var b bytes.Buffer
		w, _ := flate.NewWriter(&b, flate.BestCompression)
		io.WriteString(w, s)
		if final {
			w.Close()
		} else {
			w.Flush()
		}
		return b.Bytes()
	}
	c := compressed{crc: crc32.ChecksumIEEE([]byte(head))}
	var out bytes.Buffer
	out.Write(deflate(head, false))
	c.size = int64(len(head))
	if unit != "" {
		n := (size - int64(len(head)) - int64(len(tail))) / int64(len(unit)) // units in all
		per := max(int64(1<<20)/int64(len(unit)), 1)                         // units a chunk
		chunk := strings.Repeat(unit, int(min(per, n)))
		block := deflate(chunk, false)
		for done := int64(0); done < n; {
			k := min(per, n-done)
			if k == per {
				out.Write(block)
				c.crc = crc32.Update(c.crc, crc32.IEEETable, []byte(chunk))
			} else {
				rest := strings.Repeat(unit, int(k))
				out.Write(deflate(rest, false))
				c.crc = crc32.Update(c.crc, crc32.IEEETable, []byte(rest))
			}
			done += k
			c.size += k * int64(len(unit))
		}
	}
	out.Write(deflate(tail, true))
	c.crc = crc32.Update(c.crc, crc32.IEEETable, []byte(tail))
	c.size += int64(len(tail))
	c.data = out.Bytes()
	return c
}

// bombBook is a workbook of n sheets, sheet1.xml to sheetN.xml, with more
// relationships of the workbook, and its parts.
func bombBook(n int, rels string, parts ...rawPart) []rawPart {
	var sheets, srels strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sheets, `<sheet name="Blad%d" sheetId="%d" r:id="rId%d"/>`, i, i, i)
		fmt.Fprintf(&srels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
	}
	return append(bookParts(sheets.String(), srels.String()+rels), parts...)
}

// bombBookShared is a workbook of n sheets that all name sheet1.xml.
func bombBookShared(n int, parts ...rawPart) []rawPart {
	var sheets, srels strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&sheets, `<sheet name="Blad%d" sheetId="%d" r:id="rId%d"/>`, i, i, i)
		fmt.Fprintf(&srels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`, i)
	}
	return append(bookParts(sheets.String(), srels.String()), parts...)
}

// bombSheet is a workbook of one sheet: the header, then rows of which the
// middle is unit repeated to 1 GiB or size.
func bombSheet(head, unit string, size int64, tail string) []rawPart {
	hdr := `<worksheet xmlns="` + sheetNS + `"><sheetData><row r="1">` + inlineCell("A1", "ID") + inlineCell("B1", "Namn") + inlineCell("C1", "Kostnad") + `</row>`
	return bombBook(1, "", rawPart{"xl/worksheets/sheet1.xml", bombPart(hdr+head, unit, size, tail+`</sheetData></worksheet>`)})
}

func bookParts(sheets, rels string) []rawPart {
	return []rawPart{
		{"[Content_Types].xml", plainPart(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`)},
		{"xl/workbook.xml", plainPart(`<workbook xmlns="` + sheetNS + `" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + sheets + `</sheets></workbook>`)},
		{"xl/_rels/workbook.xml.rels", plainPart(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`)},
	}
}

func writeBomb(t *testing.T, path string, parts []rawPart) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: p.name, Method: zip.Deflate, CRC32: p.data.crc,
			CompressedSize64: uint64(len(p.data.data)), UncompressedSize64: uint64(p.data.size)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// hostileWriteEnv names the folder TestHostileWriter writes the benchmark's
// inputs to, in a process of its own.
const hostileWriteEnv = "PRIO_HOSTILE_WRITE"

// TestHostileWriter is the subprocess of BenchmarkHostileImports that
// writes its inputs: written by the benchmark's own process, their memory
// would count in the peak of every prio it starts (Linux counts a parent's
// peak in its child's, up to the exec). Run as an ordinary test it does
// nothing.
func TestHostileWriter(t *testing.T) {
	dir := os.Getenv(hostileWriteEnv)
	if dir == "" {
		return
	}
	makeHostileInputs(t, dir)
}

// BenchmarkHostileImports runs the built prio on the worst decompression
// cases, each in a fresh process: the shared strings of 1 GiB (refused by
// their size before a byte is unpacked), shared strings just under their
// 512 MiB bound (the most memory a workbook can make prio hold: all of it is
// kept), and a sheet of one cell of 1 GiB (the longest a workbook can make
// prio unpack: it is read through, and the cell refused). Metrics: wall-s
// and peak-MB (peak RSS of the prio process).
func BenchmarkHostileImports(b *testing.B) {
	dir := b.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHostileWriter$")
	cmd.Env = append(os.Environ(), hostileWriteEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("writing the inputs: %v\n%s", err, out)
	}
	crit, err := filepath.Abs("../../testdata/bad/crit.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for _, file := range []string{"strings-bomb.xlsx", "strings-at-bound.xlsx", "cell-1gib.xlsx"} {
		b.Run(strings.TrimSuffix(file, ".xlsx"), func(b *testing.B) {
			var wall time.Duration
			var peak int64
			n := 0
			for b.Loop() {
				r := runMeasured(b, dir, "score", "-c", crit, "-f", "json", file)
				if r.code != 1 {
					b.Fatalf("exit status %d, want 1\n%s", r.code, r.stderr)
				}
				wall += r.wall
				peak = max(peak, r.maxRSS)
				n++
			}
			b.ReportMetric(wall.Seconds()/float64(n), "wall-s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
		})
	}
}
