package classify_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/classify"
	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/lhost"
)

// mailScannerReport writes a MailScanner report as its templates do
// (MailScanner/v5 common/usr/share/MailScanner/reports/LANG/*.report.txt):
// the site's postmaster as From, the template's Subject, its intro, the
// indented block naming the message, the template's explanation and the
// signature.
func mailScannerReport(subject, intro, block, explanation string) string {
	return fmt.Sprintf("From: \"MailScanner\" <postmaster@mx.example.net>\n"+
		"To: sender@example.org\n"+
		"Subject: %s\n"+
		"X-yoursite-MailScanner: generated\n"+
		"Date: Mon, 30 Nov 2026 09:15:00 +0000\n"+
		"Content-Type: text/plain; charset=utf-8\n"+
		"Content-Transfer-Encoding: 8bit\n\n"+
		"%s\n%s\n%s\n\n-- \nMailScanner\nEmail Virus Scanner\nExample Ltd\nwww.example.net\n",
		subject, intro, block, explanation)
}

// TestMailScannerReports: each sender report template of MailScanner
// names its recipients (the $to line, comma separated) and its reason, the
// filename report a policy although its Subject and intro speak of viruses.
func TestMailScannerReports(t *testing.T) {
	block := "  To: user@example.jp, other@example.jp\n  Subject: Figures\n  Date: Mon Nov 30 09:12:00 2026"
	cases := []struct {
		name, subject, intro, block, explanation string
		want                                     classify.Reason
	}{
		{"virus", "Warning: E-mail viruses detected", "Our virus detector has just been triggered by a message you sent:-", block,
			"Any infected parts of the message (figures.zip)\nhave not been delivered.\n\nThe virus detector said this about the message:\nReport: ClamAV: figures.zip was infected by Eicar-Signature", classify.VirusDetected},
		{"filename", "Warning: E-mail viruses detected", "Our virus detector has just been triggered by a message you sent:-", block,
			"One or more of the attachments (figures.scr) are on the list of unacceptable\nattachments for this site and will not have been delivered.\n\nConsider renaming the files or putting them into a \"zip\" file to\navoid this constraint.\n\nThe virus detector said this about the message:\nReport: MailScanner: Windows Screensaver (figures.scr)", classify.PolicyViolation},
		{"content", "Potentially dangerous email rejected", "Our email content filters have been triggered by a message you sent:-", block,
			"This message has been rejected. The filters said this:\n\n   MailScanner: Found malicious Object tag in HTML message\n\nThis message contained potentially dangerous content which has been\nremoved.", classify.PolicyViolation},
		{"error", "Warning: E-mail error detected", "Our virus detector failed to analyse completely a message you sent:-", block,
			"Any parts of the message that could not be analysed will not have been\ndelivered.", classify.ContentError},
		{"rbl", "{Bounce} Unsolicited commercial email rejected", "Our UCE (spam) detectors have been triggered by a message you sent:-", block,
			"This message has been destroyed. The detectors that were triggered are:\nspamhaus-ZEN.\n\nThe server which is sending the message to our site is listed in a\npublic blacklist of badly configured or misused mail systems.", classify.Blocked},
		{"spam", "{Bounce} Unsolicited commercial email rejected", "Our UCE (spam) detectors have been triggered by a message you sent:-", block,
			"This message has been rejected. The detector that triggered is\nSpamAssassin.\n\nThe content of your message indicates that it is probably spam e-mail,\nwhich is why it has been rejected.", classify.SpamDetected},
		{"German virus", "Warnung: E-Mail-Virus festgestellt!", "Unser Virenscanner wurde durch eine Nachricht von Ihnen ausgelöst:",
			"  An: user@example.jp, other@example.jp\n  Betreff: Figures\n  Datum: Mon Nov 30 09:12:00 2026",
			"Alle infizierten Teile der Nachricht (rechnung.doc)\nwurden entfernt.", classify.VirusDetected},
		{"German filename", "Warnung: E-Mail-Virus festgestellt", "Unsere Virenscanner wurden von einer von Ihnen gesandten Nachricht ausgelöst:",
			"  An: user@example.jp, other@example.jp\n  Betreff: Figures\n  Datum: Mon Nov 30 09:12:00 2026",
			"Eine oder mehrere Dateianhänge (angebot.js) sind auf der Liste unerlaubter\nAnhänge dieser Domain und werden nicht weitergeleitet.", classify.PolicyViolation},
		{"French virus", "ALERTE: un virus a été détecté dans votre courriel", "Notre passerelle antivirus a détecté un virus dans le courriel que \nvous venez d'envoyer:",
			"  À:     user@example.jp, other@example.jp\n  Sujet: Figures\n  Date:  Mon Nov 30 09:12:00 2026",
			"Les pièces jointes infectées ne seront pas transmises au \ndestinataire.", classify.VirusDetected},
		{"Spanish filename", "Atención : Virus de e-mail detectado", "Nuestro detector de virus ha sido activado por un mensaje enviado por Usted:",
			"  A: user@example.jp, other@example.jp\n  Asunto: Figures\n  Fecha: Mon Nov 30 09:12:00 2026",
			"Uno o más de los anexos están en la lista de archivos no aceptados\npor este sitio y no serán entregados.", classify.PolicyViolation},
		{"Dutch virus", "Waarschuwing: E-mail virus ontdekt", "Onze virusscanner reageerde op een bericht dat u verstuurde:", block,
			"Besmette bijlagen zijn niet afgeleverd bij de ontvanger.", classify.VirusDetected},
		{"Czech filename", "Upozorneni: Zjisten virus/nepovolena priloha", "Detektor viru byl spusten zpravou, kterou jste zaslali:-",
			"  Komu: user@example.jp, other@example.jp\n  Predmet: Figures\n  Datum: Mon Nov 30 09:12:00 2026",
			"Jedna nebo vicero priloh jsou na seznamu nepovolenych priloh naseho\nsystemu a nebudou doruceny.", classify.PolicyViolation},
		{"Welsh and English side by side", "Rhybudd: Canfuwyd firws e-bost/Warning: E-mail viruses detected",
			"Mae neges a anfonasoch newydd roi ein | Our virus detector has just been\ncanfyddwr firysau ar waith:-          | triggered by a message you sent:-\n", block,
			"Mae un neu fwy o'r atodiadau          | One or more of the attachments\n                      (figures.scr) \nar y rhestr atodiadau annerbyniol ar  | are on the list of unacceptable\ngyfer y safle hwn, ac ni fyddant      | attachments for this site and will\nwedi'u dosbarthu.                     | not have been delivered.",
			classify.PolicyViolation},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := verdicts(t, mailScannerReport(tc.subject, tc.intro, tc.block, tc.explanation))
			assert.Len(t, got, 2)
			assertReason(t, got, "user@example.jp", tc.want)
			assertReason(t, got, "other@example.jp", tc.want)
			assert.NotContains(t, got, "sender@example.org")
		})
	}
}

// TestContentFilterNoticesDanishReport: the Danish templates sign "Postmester", not
// MailScanner, and come From "MailScanner"; their To label is "Til".
func TestContentFilterNoticesDanishReport(t *testing.T) {
	msg := "From: \"MailScanner\" <postmaster@mx.example.dk>\nTo: sender@example.org\nSubject: Advarsel! Dit e-brev indeholder virus\n" +
		"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
		"Vores virusskanner har opdaget virus i den mail du har sendt til:\n  \n Til:  user@example.jp\n Emne: Figures\n Dato: Mon Nov 30 09:12:00 2026\n\n" +
		"Alt hvad der er inficeret med virus er ikke blevet sendt til modtageren.\n\n-- \nPostmester\nEksempel ApS\n"
	got := verdicts(t, msg)
	assert.Len(t, got, 1)
	assertReason(t, got, "user@example.jp", classify.VirusDetected)
}

// TestContentFilterNoticesQuotedReport: an MTA's bounce of a MailScanner report (the
// report returned in its copy) is the MTA's bounce, for the address the
// MTA names, not for the report's $to.
func TestContentFilterNoticesQuotedReport(t *testing.T) {
	msg := "From: Mail Delivery System <Mailer-Daemon@mx.example.net>\nTo: postmaster@mx.example.net\n" +
		"Subject: Mail delivery failed: returning message to sender\nX-Failed-Recipients: sender@example.org\n\n" +
		"This message was created automatically by mail delivery software.\n\n" +
		"A message that you sent could not be delivered to one or more of its\nrecipients. This is a permanent error. The following address(es) failed:\n\n" +
		"  sender@example.org\n    host mx.example.org [192.0.2.7]\n    SMTP error from remote mail server after RCPT TO:<sender@example.org>:\n    550 5.1.1 User unknown\n\n" +
		"------ This is a copy of the message, including all the headers. ------\n\n" +
		"From: \"MailScanner\" <postmaster@mx.example.net>\nTo: sender@example.org\nSubject: Warning: E-mail viruses detected\n\n" +
		"Our virus detector has just been triggered by a message you sent:-\n  To: user@example.jp\n  Subject: Figures\n\n" +
		"Any infected parts of the message have not been delivered.\n\n-- \nMailScanner\n"
	got := verdicts(t, msg)
	assert.Len(t, got, 1)
	assertReason(t, got, "sender@example.org", classify.UserUnknown)
}

// TestContentFilterNoticesNotBounces: MailScanner's report to a recipient (its template
// names the sender under From), a report whose signature is not
// MailScanner's, and a person's mail with fuglu's Subject are not bounces.
func TestContentFilterNoticesNotBounces(t *testing.T) {
	cases := map[string]string{
		"MailScanner to the recipient": mailScannerReport("Unsolicited commercial email not delivered",
			"Our UCE (spam) detectors have been triggered by a message you received:-",
			"   From: sender@example.org\n   Subject: Figures\n   Date: Mon Nov 30 09:12:00 2026",
			"This message has not been delivered. The detectors that were triggered are:\nSpamAssassin (score=14.2, required 5)."),
		"another program's signature": "From: postmaster@mx.example.net\nTo: sender@example.org\nSubject: Warning\n\n" +
			"Our virus detector has just been triggered by a message you sent:-\n  To: user@example.jp\n  Subject: Figures\n\n" +
			"Any infected parts of the message have not been delivered.\n\n-- \nExample Antivirus\n",
		"a Danish-signed notice not from MailScanner": "From: postmaster@mx.example.dk\nTo: sender@example.org\nSubject: Advarsel\n\n" +
			"Vores virusskanner har opdaget virus i den mail du har sendt til:\n Til:  user@example.jp\n\n" +
			"Alt hvad der er inficeret med virus er ikke blevet sendt til modtageren.\n\n-- \nPostmester\n",
		"a person quoting fuglu's Subject": "From: Alice <alice@example.org>\nTo: bob@example.net\nSubject: Blocked attachment\n\n" +
			"Your message to carol@example.jp contains a blocked attachment and has not been delivered, says the filter. Can you zip it?\n",
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			r, err := dsn.ParseBytes([]byte(msg), lhost.Registry())
			require.NoError(t, err)
			assert.Empty(t, r.Recipients)
		})
	}
}

// TestContentFilterNoticesFuglu: fuglu's attachment bounce, its template as it ships and
// as a site reworded it (fumail/fuglu issue 103), is a policy refusal for
// the one recipient it names.
func TestContentFilterNoticesFuglu(t *testing.T) {
	for _, sentence := range []string{
		"Your message to user@example.ch contains a blocked attachment and has not been delivered.",
		"Your message to user@example.ch contains a blocked attachment and was NOT delivered.\nIt has been stored in the recipient's Quarantine.",
	} {
		msg := "From: <MAILER-DAEMON@filter.example.ch>\nTo: sender@example.org\nAuto-Submitted: auto-generated\nSubject: Blocked attachment\n\n" +
			sentence + "\n\nINVOICE.exe: Windows executable file name (.exe)\n"
		got := verdicts(t, msg)
		assert.Len(t, got, 1)
		assertReason(t, got, "user@example.ch", classify.PolicyViolation)
	}
}

// TestRowsNeedTheirDecoder: the template's words in another program's
// report are not MailScanner's: its @by rows do not decide there.
func TestRowsNeedTheirDecoder(t *testing.T) {
	msg := "From: MAILER-DAEMON@mx.example.org\nTo: sender@example.org\nSubject: Undelivered Mail Returned to Sender\n\n" +
		"This is the mail system at host mx.example.org.\n\n" +
		"I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n" +
		"<user@example.jp>: host mx.example.jp[192.0.2.1] said: 550 5.7.1 The attachments are on the list of unacceptable attachments (in reply to end of DATA command)\n"
	got := verdicts(t, msg)
	require.Contains(t, got, "user@example.jp")
	v := got["user@example.jp"]
	assert.NotContains(t, v.Rule, "MailScanner")
	assert.NotEqual(t, classify.PolicyViolation, v.Reason, "rule %s", v.Rule)
}
