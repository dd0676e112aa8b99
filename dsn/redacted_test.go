package dsn

import "testing"

// TestUnmaskRecipient: a Final-Recipient a relay masked gives way to the
// Original-Recipient; an address, however odd, stays.
func TestUnmaskRecipient(t *testing.T) {
	tests := []struct {
		name, final, original, want string
	}{
		{"masked, original given", "rfc822; ********************@**********", "rfc822;max.mustermann@example.org", "max.mustermann@example.org"},
		{"masked domain only", "rfc822; user@*****", "rfc822; user@example.org", "user@example.org"},
		// Near misses: kept as the Final-Recipient says.
		{"masked, no original", "rfc822; ****@*****", "", "****@*****"},
		{"masked local part, real domain", "rfc822; *****@example.com", "rfc822; user@example.org", "*****@example.com"},
		{"address literal", "rfc822; user@[192.0.2.1]", "rfc822; user@example.org", "user@[192.0.2.1]"},
		{"ordinary final and original", "rfc822; user@mx.example.net", "rfc822; alias@example.org", "user@mx.example.net"},
		{"international domain", "rfc822; user@пример.рф", "rfc822; user@example.org", "user@пример.рф"},
		{"both masked", "rfc822; ***@***", "rfc822; ***@***", "***@***"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := "Final-Recipient: " + tt.final + "\n"
			if tt.original != "" {
				text = "Original-Recipient: " + tt.original + "\n" + text
			}
			text += "Action: failed\nStatus: 5.2.0\n"
			var r Report
			for _, g := range ParseFieldsText(text, 4) {
				r.AddFieldGroup(g)
			}
			if len(r.Recipients) != 1 {
				t.Fatalf("recipients %+v (notes %v)", r.Recipients, r.Notes)
			}
			if got := r.Recipients[0].Recipient; got != tt.want {
				t.Fatalf("recipient %q, want %q", got, tt.want)
			}
		})
	}
}

// TestUnmaskRecipientsOfOneGroup: a report that forgets the blank line
// between recipients has its masked first recipient unmasked too.
func TestUnmaskRecipientsOfOneGroup(t *testing.T) {
	text := "Final-Recipient: rfc822; ****@****\nOriginal-Recipient: rfc822; one@example.org\nAction: failed\nStatus: 5.2.0\n" +
		"Final-Recipient: rfc822; two@example.net\nOriginal-Recipient: rfc822; alias@example.org\nAction: failed\nStatus: 5.1.1\n"
	var r Report
	for _, g := range ParseFieldsText(text, 4) {
		r.AddFieldGroup(g)
	}
	if len(r.Recipients) != 2 {
		t.Fatalf("recipients %+v", r.Recipients)
	}
	if r.Recipients[0].Recipient != "one@example.org" || r.Recipients[1].Recipient != "two@example.net" {
		t.Fatalf("recipients %q, %q", r.Recipients[0].Recipient, r.Recipients[1].Recipient)
	}
}
