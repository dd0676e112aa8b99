package dsn

import "testing"

// TestFindReplyCodeCourier: Courier's own reply codes are read as reply
// codes where they stand as a reply, and not inside other numbers.
func TestFindReplyCodeCourier(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"517-RFC 1035 violation: recursive CNAME records for example.nl. 517 Invalid domain, see <URL:ftp://ftp.isi.edu/in-notes/rfc1035.txt>", 517},
		{"417 DNS lookup failure: example.com.  Try again later.", 417},
		{"546 Routing loop detected -- too many Received: headers.", 546},
		{"531 Too many recipients.", 531},
		{"SMTP error from remote mail server after MAIL FROM:<a@example.nl>:\n    517 Invalid domain", 517},
		// Near misses: the digits are part of a larger number, a version or an address.
		{"message of 5517 bytes", 0},
		{"queue id 517A0C3", 0},
		{"mail.517.example.com refused", 0},
		{"size 417.5 KB", 0},
	}
	for _, tt := range tests {
		if got := FindReplyCode(tt.text); got != tt.want {
			t.Errorf("FindReplyCode(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
