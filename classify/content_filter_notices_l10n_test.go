package classify_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// msReportHU writes a report in the Hungarian templates' layout
// (MailScanner/v5 reports/hu/sender.*.report.txt): the "Cimzett:" block and
// the signature "-- ", the postmaster's address, "MailScanner - Email Virus
// Scanner - http://www.mailscanner.info".
func msReportHU(subject, intro, explanation string) string {
	return "From: \"Postmaster\" <postmaster@ceg.example.hu>\nTo: sender@example.org\nSubject: " + subject + "\n" +
		"X-CEG-MailScanner: generated\nContent-Type: text/plain; charset=us-ascii\n\n" +
		intro + "\n  Cimzett: user@example.hu, other@example.hu\n  Targy  : Szamla\n  Datum  : Thu Dec  3 09:48:30 2026\n\n" +
		explanation + "\n\n-- \npostmaster@ceg.example.hu\nMailScanner - Email Virus Scanner - http://www.mailscanner.info\nPelda Kft.\n"
}

// msReport writes a report with the other templates' signature, "-- " then
// "MailScanner".
func msReport(subject, charset, intro, block, explanation string) string {
	return "From: \"MailScanner\" <postmaster@mx.example.net>\nTo: sender@example.org\nSubject: " + subject + "\n" +
		"Content-Type: text/plain; charset=" + charset + "\nContent-Transfer-Encoding: 8bit\n\n" +
		intro + "\n" + block + "\n\n" + explanation + "\n\n-- \nMailScanner\nEmail Virus Scanner\nExempel AB\n"
}

// TestMailScannerReportsL10n: the Hungarian, Swedish, Slovak and Romanian
// sender reports name their recipients under the template's To label and
// their reason in the template's words (classify/texts/content_filter_notices_l10n.tsv).
func TestMailScannerReportsL10n(t *testing.T) {
	seBlock := "  Till: user@example.se, other@example.se\n  Ämne: Faktura\n  Datum: Thu Dec  3 09:48:30 2026"
	skBlock := "  Komu: user@example.sk, other@example.sk\n  Predmet: Objednavka\n  Datum: Thu Dec  3 09:48:30 2026"
	cases := []struct {
		name, msg string
		rcpts     []string
		want      classify.Reason
	}{
		{"hu virus", msReportHU("ON VIRUST KULDOTT!",
			"Viruskeresonk az On altal kuldott levelben virusgyanus fajlt talalt:\nOur virus detector has just been triggered by a message you sent:",
			"A fertozott reszek kezbesitese nem tortent meg.\n\nA viruskereses eredmenye:\nszamla.exe Win.Trojan.Agent"),
			[]string{"user@example.hu", "other@example.hu"}, classify.VirusDetected},
		{"hu filename", msReportHU("Elfogadhatatlan melleklet - Unacceptable attachment",
			"Viruskeresonk az On altal kuldott levelben elfogadhatatlan kiterjesztesu\nmellekletet talalt (szamla.exe):",
			"A kerdeses melleklet(ek) kezbesitese nem tortent meg.\nNevezze at, vagy tomoritse \"zip\" fajlba az ilyen tipusu uzeneteket\na kesobbiekben."),
			[]string{"user@example.hu", "other@example.hu"}, classify.PolicyViolation},
		{"hu rbl", msReportHU("{Bounce} Nem kivant uzenet visszautasitva",
			"Az SPAM (UCE) ellenorzonk SPAM gyanus levelet talalt:",
			"Az uzenet torolve. A SPAM ellenorzo program: spamhaus-ZEN\n\nA szerver ami a levelet hozzank tovabbitotta, szerepel a rosszul\nkonfiguralt vagy rossz celokra hasznalt levelezo szerverek\nnyilvanos listajan."),
			[]string{"user@example.hu", "other@example.hu"}, classify.Blocked},
		{"se virus, intro ending in a full stop", msReport("Varning, e-post virus detekterat", "utf-8",
			"Virusscannern aktiverades på följande meddelande.", seBlock,
			"Infekterade delar har inte levererats till mottagaren.\n\nFöljande meddelade har genererats:\nRapport: ritning.exe"),
			[]string{"user@example.se", "other@example.se"}, classify.VirusDetected},
		{"se filename", msReport("Varning, ej godkänd bilaga meddelandet", "utf-8",
			"Vårt virusskydd har stoppat ett meddelande ni skickat:", seBlock,
			"En eller flera bilagor är inte av en typ som domänen godkänner\noch har blivit ersatt med den här varningstexten."),
			[]string{"user@example.se", "other@example.se"}, classify.PolicyViolation},
		{"sk virus", msReport("Upozornenie: E-mail virus zisteny", "us-ascii",
			"Nas detektor virusov prave zistil, ze sprava ktoru posielate:-", skBlock,
			"Ziadna infikovana cast spravy nebude dorucena."),
			[]string{"user@example.sk", "other@example.sk"}, classify.VirusDetected},
		{"sk filename", msReport("Upozornenie: zisteny virus/nepovolena priloha", "us-ascii",
			"Detektor virusov spusteny spravou, ktoru ste zaslali:-", skBlock,
			"Jedna alebo viacero priloh su na zozname nepovolenych priloh nasim\nsystemom a nebudu dorucene."),
			[]string{"user@example.sk", "other@example.sk"}, classify.PolicyViolation},
		{"sk spam", msReport("{Bounce} Nevyziadana komercna posta odmietnuta", "us-ascii",
			"Nas detektor UCE/NKP (spam-u) prave zistil, ze sprava ktoru posielate:-", skBlock,
			"Tato sprava bola znicena.\n\n\nVasa sprava bola oznacena ako spam."),
			[]string{"user@example.sk", "other@example.sk"}, classify.SpamDetected},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, tc.msg)
			assert.Len(t, got, len(tc.rcpts))
			for _, r := range tc.rcpts {
				assertReason(t, got, r, tc.want)
			}
		})
	}
}

// TestMailScannerReportsL10nNearMisses: a person's reply quoting a report's
// Subject, a full-stop intro whose To line does not follow at once, and a
// postmaster signature without MailScanner's line are no reports.
func TestMailScannerReportsL10nNearMisses(t *testing.T) {
	cases := map[string]string{
		"a person's reply": "From: Kovacs Anna <anna@iroda.example.hu>\nTo: rendszergazda@ceg.example.hu\nSubject: Re: ON VIRUST KULDOTT!\n\n" +
			"Kaptam egy figyelmeztetest, amikor info@ceg.example.hu cimre irtam.\nKerem, nezzek meg.\n\n-- \nanna@iroda.example.hu\nKovacs Anna\n",
		"full stop, To line further down": "From: \"MailScanner\" <postmaster@mx.example.se>\nTo: sender@example.org\nSubject: Varning\n\n" +
			"Virusscannern aktiverades på följande meddelande.\n\n  Till: user@example.se\n  Ämne: Faktura\n\n" +
			"Infekterade delar har inte levererats till mottagaren.\n\n-- \nMailScanner\n",
		"postmaster signature without MailScanner": "From: \"Postmaster\" <postmaster@ceg.example.hu>\nTo: sender@example.org\nSubject: Figyelmeztetes\n\n" +
			"Viruskeresonk az On altal kuldott levelben virusgyanus fajlt talalt:\n  Cimzett: user@example.hu\n  Targy  : Szamla\n\n" +
			"A fertozott reszek kezbesitese nem tortent meg.\n\n-- \npostmaster@ceg.example.hu\nPelda Kft. - http://www.example.hu\n",
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
			require.NoError(t, err)
			assert.Empty(t, r.Recipients)
		})
	}
}
