package server

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// The spreadsheets of list exports: a list's nodes as CSV or XLSX rows.

// values returns the values at path in v, in order: one for a scalar,
// any number where the path crosses lists; nulls are left out.
func values(v any, path []string) []any {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, values(e, path)...)
		}
		return out
	case map[string]any:
		if len(path) == 0 {
			return nil
		}
		return values(x[path[0]], path[1:])
	}
	if len(path) > 0 {
		return nil
	}
	return []any{v}
}

// cell returns the value of column c in node n: nil when absent, the
// value itself when single, its values joined by "; " otherwise.
func cell(n map[string]any, c listColumn) any {
	vs := values(n, strings.Split(c.path, "."))
	switch len(vs) {
	case 0:
		return nil
	case 1:
		return vs[0]
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = text(v)
	}
	return strings.Join(parts, "; ")
}

// text spells a JSON value as a cell's text.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// csvText guards a cell against formula injection: a spreadsheet runs
// text that starts with =, +, -, @ or a tab or carriage return as a
// formula, so such text gets a leading apostrophe (OWASP's advice).
func csvText(v any) string {
	s := text(v)
	if _, isText := v.(string); isText && s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeListCSV writes the list as RFC 4180 CSV with a header row, after
// a UTF-8 byte order mark so that spreadsheets read umlauts right.
func writeListCSV(w io.Writer, l listExport, first []map[string]any, pages *listPager) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	head := make([]string, len(l.columns))
	for i, c := range l.columns {
		head[i] = c.header
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := make([]string, len(l.columns))
	err := pages.each(first, func(n map[string]any) error {
		for i, c := range l.columns {
			row[i] = csvText(cell(n, c))
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// writeListXLSX writes the list as one worksheet through excelize's
// StreamWriter, which keeps rows past 16 MiB in a temporary file instead
// of memory. Text stays text (a cell typed as a string is never a
// formula), days are dates, numbers and booleans keep their types. The
// archive can only be written once the last row is in, so the download
// starts when the list has been read.
func writeListXLSX(w io.Writer, name string, l listExport, first []map[string]any, pages *listPager) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	dateFmt := "yyyy-mm-dd"
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	timeFmt := "yyyy-mm-dd hh:mm:ss"
	timeStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &timeFmt})
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, len(l.columns), 18); err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(l.columns))
	for i, c := range l.columns {
		head[i] = excelize.Cell{StyleID: bold, Value: c.header}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	rowNo := 1
	row := make([]any, len(l.columns))
	err = pages.each(first, func(n map[string]any) error {
		rowNo++
		for i, c := range l.columns {
			row[i] = xlsxValue(c, cell(n, c), dateStyle, timeStyle)
		}
		at, err := excelize.CoordinatesToCellName(1, rowNo)
		if err != nil {
			return err
		}
		return sw.SetRow(at, row)
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// Columns whose values are days (Date) and times (DateTime).
var (
	dayColumns  = []string{"validFrom", "validTo", "lastConfirmed", "date"}
	timeColumns = []string{"createdAt", "updatedAt"}
)

// xlsxValue types a cell: days and times of the columns that hold them
// as dates, the rest as JSON typed them (a text that looks like a day
// stays text).
func xlsxValue(c listColumn, v any, dateStyle, timeStyle int) any {
	s, ok := v.(string)
	if !ok {
		return v
	}
	if slices.Contains(dayColumns, c.path) {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return excelize.Cell{StyleID: dateStyle, Value: t}
		}
	}
	if slices.Contains(timeColumns, c.path) {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return excelize.Cell{StyleID: timeStyle, Value: t.UTC()}
		}
	}
	return s
}
