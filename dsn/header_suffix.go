package dsn

import "strings"

// HasFieldSuffixValue reports whether the header has a field whose name
// ends in suffix (ASCII case ignored) and whose value, trimmed, is value
// (case ignored). Some products name a field after the site that runs
// them: MailScanner's report templates carry "X-%org-name%-MailScanner:
// generated" (MailScanner/v5: common/usr/share/MailScanner/reports/LANG/
// sender.*.report.txt), where %org-name% is the site's own short name.
// Only the matching field's value is made a string.
func (h header) HasFieldSuffixValue(suffix, value string) bool {
	for i := range h.fields {
		f := &h.fields[i]
		name := h.data[f.nameStart:f.nameEnd]
		if len(name) <= len(suffix) || !equalFoldASCII(name[len(name)-len(suffix):], suffix) {
			continue
		}
		if strings.EqualFold(strings.TrimSpace(h.value(i)), value) {
			return true
		}
	}
	return false
}
