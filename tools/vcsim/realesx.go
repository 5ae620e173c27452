package main

// -real-esx: rewrite vcsim's SOAP replies the way a real ESX writes them.
//
// vcsim 0.24 writes the XSD-instance type attribute as
//   <val xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"
//        XMLSchema-instance:type="ArrayOfManagedObjectReference">
// and leaves the items of ArrayOf... values untyped. A real ESX writes
//   <val xsi:type="ArrayOfManagedObjectReference">
//     <ManagedObjectReference type="VirtualMachine" xsi:type="ManagedObjectReference">
// with xsi bound on the envelope (vcsim's envelope binds it too). libvirt's
// ESX driver needs the latter.
//
// The rewrite scans tags; it is safe because vcsim's encoder escapes '<' and
// '>' in text and attribute values and writes no comments or CDATA.

import (
	"bytes"
	"strings"
)

var (
	xsiDecl   = []byte(` xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance"`)
	xsiLong   = []byte(`XMLSchema-instance:type=`)
	xsiShort  = []byte(`xsi:type=`)
	arrayAttr = []byte(`xsi:type="ArrayOf`)
)

// arrayItemType maps ArrayOfX to the type of its items.
func arrayItemType(x string) string {
	switch x {
	case "String":
		return "xsd:string"
	case "Int":
		return "xsd:int"
	case "Long":
		return "xsd:long"
	case "Short":
		return "xsd:short"
	case "Byte":
		return "xsd:byte"
	case "Boolean":
		return "xsd:boolean"
	case "Double":
		return "xsd:double"
	case "Float":
		return "xsd:float"
	case "DateTime":
		return "xsd:dateTime"
	case "Uri", "AnyURI":
		return "xsd:anyURI"
	case "Base64Binary":
		return "xsd:base64Binary"
	case "AnyType":
		return "" // items carry their own types
	}
	return x
}

func rewriteRealESX(in []byte) []byte {
	out := make([]byte, 0, len(in)+len(in)/8)
	var stack []string // per open element: item type of an ArrayOf value, or ""
	i := 0
	for i < len(in) {
		lt := bytes.IndexByte(in[i:], '<')
		if lt < 0 {
			out = append(out, in[i:]...)
			break
		}
		out = append(out, in[i:i+lt]...)
		start := i + lt
		gt := bytes.IndexByte(in[start:], '>')
		if gt < 0 {
			out = append(out, in[start:]...)
			break
		}
		end := start + gt + 1
		tag := in[start:end]
		i = end

		switch {
		case len(tag) > 1 && (tag[1] == '?' || tag[1] == '!'):
			out = append(out, tag...)
			continue
		case len(tag) > 1 && tag[1] == '/':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			out = append(out, tag...)
			continue
		}

		selfClosing := bytes.HasSuffix(tag, []byte("/>"))
		t := bytes.Replace(tag, xsiDecl, nil, -1)
		t = bytes.Replace(t, xsiLong, xsiShort, -1)

		// Type an untyped item of an ArrayOf... value.
		if n := len(stack); n > 0 && stack[n-1] != "" && !bytes.Contains(t, xsiShort) {
			nameEnd := 1
			for nameEnd < len(t) && !strings.ContainsRune(" \t\r\n/>", rune(t[nameEnd])) {
				nameEnd++
			}
			typed := make([]byte, 0, len(t)+len(stack[n-1])+12)
			typed = append(typed, t[:nameEnd]...)
			typed = append(typed, ` xsi:type="`...)
			typed = append(typed, stack[n-1]...)
			typed = append(typed, '"')
			typed = append(typed, t[nameEnd:]...)
			t = typed
		}
		out = append(out, t...)

		if selfClosing {
			continue
		}
		item := ""
		if k := bytes.Index(t, arrayAttr); k >= 0 {
			rest := t[k+len(arrayAttr):]
			if q := bytes.IndexByte(rest, '"'); q >= 0 {
				item = arrayItemType(string(rest[:q]))
			}
		}
		stack = append(stack, item)
	}
	return out
}
