package lhost

import (
	"fmt"
	"testing"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// The Japanese providers' notices under the senders and relays Sisimai's
// decoders take and ours missed: BIGLOBE's notice from the cable-TV ISPs
// it runs (go-sisimai lhost/via-biglobe.go), au's EZweb notice from
// Postmaster@au.com (lhost/via-ezweb.go), KDDI's notice relayed by au's
// hosts (lhost/via-kddi.go).
func TestJapanProviderSenders(t *testing.T) {
	const biglobe = "From: postmaster@%s\r\nTo: a@example.jp\r\nSubject: Returned mail: User unknown\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n" +
		"Content-Type: text/plain; charset=\"iso-2022-jp\"\r\n\r\n" +
		"   ----- The following addresses had delivery problems -----\r\nken@ttv.ne.jp\r\n\r\n" +
		"   ----- Non-delivered information -----\r\nMail Delivery Failed... User unknown\r\n\r\n--B--\r\n"
	const ezweb = "From: Mail Administrator <%s>\r\nTo: a@example.jp\r\n" +
		"Received: from au.com (lsean21.au.com [192.0.2.1])\r\n\tby mx.example.jp; Mon, 1 Jul 2024 10:00:00 +0900\r\n" +
		"Subject: Mail System Error - Returned Mail\r\n\r\n" +
		"This Message was undeliverable due to the following reason:\r\n\r\n" +
		"Each of the following recipients was rejected by a remote\r\nmail server.\r\n\r\n" +
		"    Recipient: <aoi@au.com>\r\n    >>> RCPT TO:<aoi@au.com>\r\n    <<< 550 <aoi@au.com>: User unknown\r\n\r\n"
	const kddi = "From: %s\r\nTo: a@example.jp\r\n" +
		"Received: from msmx.au.com (lsean12.au.com [192.0.2.2])\r\n\tby mx.example.jp; Mon, 1 Jul 2024 10:00:00 +0900\r\n" +
		"Subject: Undeliverable Mail\r\n\r\n%s"
	const kddiBody = "Your mail sent on: Mon, 1 Jul 2024 09:58:00 +0900\r\n     Could not be delivered to: <rina@au.com>\r\n     As their mailbox is full.\r\n"
	for _, c := range []struct {
		name, msg, decoder string
		command            string
	}{
		{"biglobe ttv", fmt.Sprintf(biglobe, "ttv.ne.jp"), "Biglobe", ""},
		{"biglobe inacatv", fmt.Sprintf(biglobe, "inacatv.ne.jp"), "Biglobe", ""},
		{"biglobe tmtv", fmt.Sprintf(biglobe, "tmtv.ne.jp"), "Biglobe", ""},
		{"ezweb au.com", fmt.Sprintf(ezweb, "Postmaster@au.com"), "EZweb", dsn.CommandRCPT},
		{"kddi relayed by au.com", fmt.Sprintf(kddi, "MAILER-DAEMON@msmx.au.com", kddiBody), "KDDI", ""},
		// near misses: a look-alike domain, a sender that is no mail
		// system, au's relay without KDDI's lines.
		{"biglobe look-alike", fmt.Sprintf(biglobe, "xttv.ne.jp"), "!Biglobe", ""},
		{"ezweb au.com not postmaster", fmt.Sprintf(ezweb, "info@au.com"), "!EZweb", ""},
		{"kddi relay, other text", fmt.Sprintf(kddi, "MAILER-DAEMON@msmx.au.com", "Your message could not be delivered.\r\n<rina@au.com>\r\n"), "!KDDI", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m, err := dsn.ReadMessage([]byte(c.msg))
			if err != nil {
				t.Fatal(err)
			}
			r := dsn.Decode(m, Registry())
			if c.decoder[0] == '!' {
				if r != nil && r.Decoder == c.decoder[1:] {
					t.Errorf("decoded by %s, want another decoder", r.Decoder)
				}
				return
			}
			if r == nil || r.Decoder != c.decoder || len(r.Recipients) != 1 {
				t.Fatalf("want one recipient by %s, got %+v", c.decoder, r)
			}
			if c.command != "" && r.Recipients[0].Command != c.command {
				t.Errorf("command %q, want %q", r.Recipients[0].Command, c.command)
			}
		})
	}
}
