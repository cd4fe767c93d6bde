package export

import (
	"encoding/xml"
	"io"
)

// xmlWriter streams an XML document through encoding/xml, which escapes
// text and attribute values (and replaces characters XML cannot carry);
// the first error sticks and ends the document.
type xmlWriter struct {
	w   io.Writer
	enc *xml.Encoder
	err error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	x := &xmlWriter{w: w, enc: xml.NewEncoder(w)}
	x.enc.Indent("", "  ")
	_, x.err = io.WriteString(w, xml.Header)
	return x
}

// attrs makes attributes of name/value pairs, leaving out empty values.
func attrs(kv ...string) []xml.Attr {
	out := make([]xml.Attr, 0, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out = append(out, xml.Attr{Name: xml.Name{Local: kv[i]}, Value: kv[i+1]})
		}
	}
	return out
}

func (x *xmlWriter) start(name string, a []xml.Attr) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.StartElement{Name: xml.Name{Local: name}, Attr: a})
	}
}

func (x *xmlWriter) end(name string) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.EndElement{Name: xml.Name{Local: name}})
	}
}

// empty writes an element without content.
func (x *xmlWriter) empty(name string, a []xml.Attr) {
	x.start(name, a)
	x.end(name)
}

// leaf writes an element holding text.
func (x *xmlWriter) leaf(name, text string, a []xml.Attr) {
	x.start(name, a)
	if x.err == nil {
		x.err = x.enc.EncodeToken(xml.CharData(text))
	}
	x.end(name)
}

// close flushes the document and ends it with a newline.
func (x *xmlWriter) close() error {
	if x.err == nil {
		x.err = x.enc.Close()
	}
	if x.err == nil {
		_, x.err = io.WriteString(x.w, "\n")
	}
	return x.err
}
