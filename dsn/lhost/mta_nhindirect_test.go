package lhost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// nhinDirectNotice writes a failure notice as the Direct Project gateway
// does (DirectProject/nhin-d DSNGenerator.java, HumanReadableTextAssembler
// .java, AbstractDSNCreator.java): an HTML part alone as the text, a
// delivery-status part named status.dat with Reporting-MTA mta,
// X-Original-Message-ID and, per recipient, Action, Final-Recipient and
// status, and no returned message.
func nhinDirectNotice(mta, status, errMsg string, rcpts []string) string {
	const b = "----=_Part_3_18822304.1764712801223"
	var s strings.Builder
	fmt.Fprintf(&s, "From: postmaster@direct.example.org\nTo: dr.lee@direct.example.org\nSubject: Undeliverable: referral\n"+
		"MIME-Version: 1.0\nContent-Type: multipart/report; \n\tboundary=%q; report-type=delivery-status\n\n", b)
	fmt.Fprintf(&s, "--%s\nContent-Type: text/html; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n"+
		"<html>\n  <body>\n    <p>Dr. Lee,<br/></p>\n    <p>\n      Failed recipient(s):\n      <ul>\n", b)
	for _, r := range rcpts {
		fmt.Fprintf(&s, "        <li>%s</li>\n", r)
	}
	fmt.Fprintf(&s, "      </ul>\n    </p>\n    <p>\n      \n      <br />\n      %s\n    </p>\n    <p></p>\n  </body>\n</html>\n\n", errMsg)
	fmt.Fprintf(&s, "--%s\nContent-Type: message/delivery-status; name=status.dat\nContent-Disposition: attachment; filename=status.dat\n\n"+
		"Reporting-MTA: dns;%s\nX-Original-Message-ID: <1.2.JavaMail.james@direct.example.org>\n", b, mta)
	for _, r := range rcpts {
		fmt.Fprintf(&s, "\nAction: failed\nFinal-Recipient: rfc822;%s\nStatus: %s\n", r, status)
	}
	fmt.Fprintf(&s, "\n--%s--\n", b)
	return s.String()
}

const (
	nhinNotTrusted = "The Direct address that you tried to reach is not trusted. Try double-checking the recipient's email address for typos or unnecessary spaces. Learn more by visiting our help."
	nhinNotFound   = "The Direct address that you tried to reach could not be located or does not exist. Try double-checking the recipient's email address for typos or unnecessary spaces. Learn more by visiting our help."
)

// TestNHINDirectDiagnostic: the gateway's error message, which its
// notices give only in their HTML part, becomes each recipient's
// Diagnostic-Code; reports without its marks are the RFC 3464 decoder's.
func TestNHINDirectDiagnostic(t *testing.T) {
	cases := []struct {
		name    string
		msg     string
		decoder dsn.DecoderName
		diags   []string
	}{
		{"refused recipient", nhinDirectNotice("Security Agent", "5.0.0", nhinNotTrusted, []string{"a@direct.example.net"}),
			NHINDirect, []string{"The Direct address that you tried to reach is not trusted."}},
		{"two refused recipients", nhinDirectNotice("Security Agent", "5.0.0", nhinNotTrusted, []string{"a@direct.example.net", "b@direct.example.net"}),
			NHINDirect, []string{"The Direct address that you tried to reach is not trusted.", "The Direct address that you tried to reach is not trusted."}},
		{"failed delivery", nhinDirectNotice("Local Delivery Service", "5.4.0", nhinNotFound, []string{"c@direct.example.net"}),
			NHINDirect, []string{"The Direct address that you tried to reach could not be located or does not exist."}},
		{"an operator's own error message is not guessed at", nhinDirectNotice("Security Agent", "5.0.0", "Please call the help desk.", []string{"a@direct.example.net"}),
			NHINDirect, []string{""}},
		// Near misses: an RFC 3464 report with X-Original-Message-ID but
		// another reporting MTA, and the gateway's reporting MTA without
		// the field, are not the gateway's.
		{"another MTA's report with the field", strings.Replace(nhinDirectNotice("Security Agent", "5.0.0", nhinNotTrusted, []string{"a@direct.example.net"}),
			"dns;Security Agent", "dns;mx.example.net", 1), "", nil},
		{"the reporting MTA without the field", strings.Replace(nhinDirectNotice("Local Delivery Service", "5.4.0", nhinNotFound, []string{"a@direct.example.net"}),
			"X-Original-Message-ID", "X-Queue-ID", 1), "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			require.NotNil(t, r)
			assert.Equal(t, dsn.DeliveryReport, r.Kind)
			if tc.decoder == "" {
				assert.NotEqual(t, string(NHINDirect), r.Decoder)
				return
			}
			assert.Equal(t, string(tc.decoder), r.Decoder)
			require.Len(t, r.Recipients, len(tc.diags))
			for i, d := range tc.diags {
				assert.Equal(t, d, r.Recipients[i].DiagnosticCode, "recipient %d", i)
			}
		})
	}
}
