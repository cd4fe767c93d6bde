package domain

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the texts that name and tag records, in characters.
const (
	// MaxName is the longest name, title or label (after trimming); also
	// the longest nameContains filter.
	MaxName = 200
	// MaxKeywords is the most keywords a record may carry.
	MaxKeywords = 50
	// MaxKeyword is the longest keyword.
	MaxKeyword = 100
)

// BadRune returns the first rune of s that has no place in a name or
// keyword: a control character (Unicode category Cc, e.g. NUL, line
// breaks, tabs, DEL) or a bidirectional formatting character (U+061C,
// U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), with which a name can
// be made to display differently from what it is ("Trojan Source",
// CVE-2021-42574). Other invisible characters, such as the zero-width
// joiner of emoji sequences, are allowed.
func BadRune(s string) (rune, bool) {
	for _, r := range s {
		if unicode.IsControl(r) || isBidiControl(r) {
			return r, true
		}
	}
	return 0, false
}

func isBidiControl(r rune) bool {
	switch {
	case r == 0x061C, r == 0x200E, r == 0x200F:
		return true
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// CheckName requires a name of 1 to MaxName characters after trimming,
// without control or bidirectional formatting characters (see BadRune).
// Errors are *FieldError for field.
func CheckName(field, name string) error {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > MaxName {
		return Invalid(field, "must be 1 to %d characters", MaxName)
	}
	if r, bad := BadRune(name); bad {
		return Invalid(field, "must not contain control or bidirectional formatting characters (found %U)", r)
	}
	return nil
}

// CheckKeywords requires at most MaxKeywords keywords of at most
// MaxKeyword characters each, without control or bidirectional
// formatting characters. Errors are *FieldError for field.
func CheckKeywords(field string, keywords []string) error {
	if len(keywords) > MaxKeywords {
		return Invalid(field, "must be at most %d keywords", MaxKeywords)
	}
	for i, k := range keywords {
		at := fmt.Sprintf("%s[%d]", field, i)
		if utf8.RuneCountInString(k) > MaxKeyword {
			return Invalid(at, "keyword %d must be at most %d characters", i+1, MaxKeyword)
		}
		if r, bad := BadRune(k); bad {
			return Invalid(at, "keyword %d must not contain control or bidirectional formatting characters (found %U)", i+1, r)
		}
	}
	return nil
}

// CheckNameContains bounds the nameContains filter of lists to MaxName
// characters.
func CheckNameContains(field string, s *string) error {
	if s != nil && utf8.RuneCountInString(*s) > MaxName {
		return Invalid(field, "must be at most %d characters", MaxName)
	}
	return nil
}
