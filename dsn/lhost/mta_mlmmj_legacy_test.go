package lhost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// mlmmjLegacyNotice writes a notice as mlmmj 1.2's prepstdreply.c does: the
// listtext's Subject, From $listowner$, To the poster, a UTF-8 text.
func mlmmjLegacyNotice(subject, from, body string) string {
	return "Subject: " + subject + "\nFrom: " + from + "\nTo: eva@example.com\n" +
		"Message-ID: <1733212800-4242-mlmmj-aBcDeFgH@lists.example.dk>\nDate: Thu, 03 Dec 2026 09:00:00 +0100\n" +
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + body
}

const mlmmjLegacyAccessDA = "Hej, dette er mlmmj programmet der bestyrer postlisten\n\nwalkers@lists.example.dk\n\n" +
	"Jeg må desværre informere dig om at din besked ikke afleveres\ntil postlisten. Din mail blev afvist på grund af en regel\n" +
	"lavet af postliste administratoren.\n\nTak.\n\n"

var mlmmjLegacySamples = []registrySample{
	{
		name: "Danish access refusal (listtexts/da/access)",
		msg:  mlmmjLegacyNotice("Post til walkers@lists.example.dk afvist", "walkers+owner@lists.example.dk", mlmmjLegacyAccessDA),
		want: provWant{decoder: "mlmmj-1.2", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.dk", action: dsn.ActionFailed, diag: "Din mail blev afvist på grund af en regel lavet af postliste administratoren."},
		}},
	},
	{
		name: "Danish size refusal, RFC 2047 Subject (listtexts/da/maxmailsize)",
		msg: mlmmjLegacyNotice("=?utf-8?q?Beskeden_til_walkers=40lists=2Eexample=2Edk_afvist_p=C3=A5_grund_af_en_st=C3=B8rrelsesbegr=C3=A6nsning?=",
			"walkers+owner@lists.example.dk",
			"Hej, dette er mlmmj programmet der bestyrer postlisten\n\nwalkers@lists.example.dk\n\nJeg må desværre informere dig om at din besked ikke kunne blive\n"+
				"leveret til listen. Din besked blev afvist på grund af en\nstørrelsesbegrænsning på 102400 bytes.\n\nTak.\n"),
		want: provWant{decoder: "mlmmj-1.2", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "walkers@lists.example.dk", action: dsn.ActionFailed, diag: "størrelsesbegrænsning på 102400 bytes"},
		}},
	},
	{
		name: "Czech To/Cc refusal, '-' as the list delimiter (listtexts/cz/notintocc)",
		msg: mlmmjLegacyNotice("Odeslani zpravy na adresu vyvoj@lists.example.cz bylo odmitnuto", "vyvoj-owner@lists.example.cz",
			"Ahoj, tady je program mlmmj zpravujici emailovou konferenci\n\nvyvoj@lists.example.cz\n\nJe mi lito, ale vase zprava nemuze byt dorucena do konference.\n\n"+
				"Adresa konference musi byt obsazena bud v To: nebo v Cc: casti hlavicky\nemailu.\n\nDekuji.\n"),
		want: provWant{decoder: "mlmmj-1.2", kind: dsn.DeliveryReport, rcpts: []provWantRcpt{
			{addr: "vyvoj@lists.example.cz", action: dsn.ActionFailed, diag: "Adresa konference musi byt obsazena"},
		}},
	},
}

func TestMlmmjLegacyDecoder(t *testing.T) { checkRegistrySamples(t, mlmmjLegacySamples) }

// TestMlmmjLegacyNearMisses: the Subject naming another list than the
// owner address's, the Subject from someone else, another notice of the
// list owner's, and a person's mail about mlmmj are not read.
func TestMlmmjLegacyNearMisses(t *testing.T) {
	for name, msg := range map[string]string{
		"Subject of another list": mlmmjLegacyNotice("Post til others@lists.example.dk afvist", "walkers+owner@lists.example.dk", mlmmjLegacyAccessDA),
		"not from the list owner": mlmmjLegacyNotice("Post til walkers@lists.example.dk afvist", "jens@example.dk", mlmmjLegacyAccessDA),
		"another notice of the owner's": mlmmjLegacyNotice("Moderation af walkers@lists.example.dk", "walkers+owner@lists.example.dk",
			"Hej, dette er mlmmj programmet der bestyrer postlisten\n\nwalkers@lists.example.dk\n\nEn besked venter på godkendelse.\n"),
		"no mlmmj in the text": mlmmjLegacyNotice("Post til walkers@lists.example.dk afvist", "walkers+owner@lists.example.dk",
			"Hej Eva,\n\ndin besked til walkers@lists.example.dk blev ikke sendt videre, skriv igen.\n"),
	} {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			assert.NotEqual(t, "mlmmj-1.2", r.Decoder)
		})
	}
}
