package lhost

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// masqmail's notices as src/fail_msg.c expands its shipped templates
// (ossilator/masqmail:tpl/failmsg.tpl.fr, warnmsg.tpl.de, failmsg.tpl.it):
// @failed_rcpts one TAB<addr> line each, ${err_msg} the one error of the
// attempt (src/deliver.c), for all of them.
var sharedReasonSamples = []struct {
	name    string
	msg     string
	delayed bool
	want    []genericWant
}{
	{
		name: "masqmail French failure, two recipients, one server reply",
		msg: `Subject: Mail Delivery Failure Notice
From: MAILER-DAEMON@gw.example.fr
To: <urbanisme@example.fr>
MIME-Version: 1.0
Content-Type: multipart/mixed;
        boundary="aB3dE5-00F1A2-X9/gw.example.fr"

Ce message est encapsule avec le format MIME.
This is a MIME-encapsulated message.

--aB3dE5-00F1A2-X9/gw.example.fr
Content-Description: Notification
Content-Type: text/plain;
  charset=utf-8

Ce message vous a été envoyé par le serveur de messagerie
(masqmail 0.3.6) sur gw.example.fr.
(This message was sent to you by the mailer daemon (masqmail 0.3.6)
at gw.example.fr.)

J'ai le regret de vous informer que votre courrier n'a pas pu être transmis à
tous ses destinataires.
(Sorry, but your mail could not be delivered to all recipients.)

L'expédition vers les destinataires suivants a échoué et a été définitivement
abandonnée:
(Delivery to the following recipients failed permanently and has been given
up:)

	<anne@example.net>
	<paul@example.net>

Ce message d'erreur peut vous aider à déterminer la cause de l'échec:
(This error message may give you a hint about what caused the
failure:)

while connected with mx.example.net, the server replied
	554 5.7.1 Message rejected under suspicion of SPAM

Si vous avez besoin d'aide, veuillez écrire à <postmaster@gw.example.fr>.
(If you need help, write to <postmaster@gw.example.fr>.)

--aB3dE5-00F1A2-X9/gw.example.fr
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: urbanisme@example.fr
To: anne@example.net, paul@example.net, marc@example.net
Subject: dossier

texte

--aB3dE5-00F1A2-X9/gw.example.fr--
`,
		want: []genericWant{
			{addr: "anne@example.net", status: "5.7.1", reply: 554, diag: "554 5.7.1 Message rejected under suspicion of SPAM"},
			{addr: "paul@example.net", status: "5.7.1", reply: 554, diag: "554 5.7.1 Message rejected under suspicion of SPAM"},
		},
	},
	{
		name: "masqmail German delay, two recipients, an error without a reply code",
		msg: `Subject: Warning: could not yet send message
From: MAILER-DAEMON@gw.example.de
To: <buero@example.de>
MIME-Version: 1.0
Content-Type: multipart/mixed;
        boundary="aB3dE6-00F1A3-X9/gw.example.de"

This is a MIME-encapsulated message.

--aB3dE6-00F1A3-X9/gw.example.de
Content-Description: Notification
Content-Type: text/plain;
  charset=utf-8

Diese Nachricht wurde Ihnen von dem Mail Agenten
(masqmail 0.3.6) auf gw.example.de geschickt.
(This message was sent to you by the mailer daemon (masqmail 0.3.6)
at gw.example.de.)

Bedauerlicherweise konnte Ihre Mail noch nicht an alle Empfänger
zugestellt werden.
(Sorry, but your mail could not yet be delivered to all recipients.)

Die Mail konnte bis jetzt zu folgenden Empfängern nicht zugestellt werden:
(Delivery to the following recipients has been defered:)

	<kontakt@example.net>
	<angebot@example.net>

Die Zustellung wird weiterhin versucht, bis sie entweder erfolgreich
ist oder ein Zeitlimit eingetreten ist. In letzterem Fall wird
Ihnen eine Fehlermeldung zugestellt.
(Delivery will be tried again, until it is either successfull or a
timeout has been reached. If the latter happens, you will get a
delivery failure notice.)

Diese Fehlermeldung könnte einen Hinweis über die Ursache geben:
(This error message may give you a hint about what caused the
delay:)

could not open connection to mx.example.net:25 :
	Connection timed out

Für weitere Hilfe, schreiben Sie an <postmaster@gw.example.de>.
(If you need help, write to <postmaster@gw.example.de>.)

--aB3dE6-00F1A3-X9/gw.example.de
Content-Description: Undelivered Message Headers
Content-Type: message/rfc822

From: buero@example.de
To: kontakt@example.net, angebot@example.net
Subject: Angebot

--aB3dE6-00F1A3-X9/gw.example.de--
`,
		delayed: true,
		want: []genericWant{
			{addr: "kontakt@example.net", diag: "Connection timed out"},
			{addr: "angebot@example.net", diag: "Connection timed out"},
		},
	},
	{
		name: "masqmail Italian failure: the template's blank line after Subject puts its MIME header in the body",
		msg: `Received: from mail by posta.example.it with local (masqmail 0.3.6) id aB3dE7-00F1A4-X9
	for <segreteria@example.it>; Sun, 02 Nov 2025 18:22:57 +0000
From: MAILER-DAEMON@posta.example.it
To: <segreteria@example.it>
Subject: invio messaggio FALLITO / Mail Delivery Failure Notice
Message-ID: <aB3dE7-00F1A4-X9@posta.example.it>

MIME-Version: 1.0
Content-Type: multipart/mixed;
        boundary="aB3dE7-00F1A4-X9/posta.example.it"

Messaggio in formato MIME multi-parti.
This is a MIME-encapsulated message.

--aB3dE7-00F1A4-X9/posta.example.it--
Content-Description: Notifica-Notify
Content-Type: text/plain

Questo messaggio ti e' stato spedito dal demone: 
 (This message was sent to you by the mailer daemon:)
(masqmail 0.3.6) @ posta.example.it:

Spiacente ma non e' stato possibile spedire il tuo msg a tutti
i destinatari. L'invio ai seguenti destinatari e' fallito in modo
permanente e non verra' ritentato:
 (Sorry, but your mail could not be delivered to all recipients.
  Delivery to the following recipients failed permanently and has 
  been given up:)

	<partner@example.net>

Il seguente msg d'errore potrebbe aiutarti a capire la causa 
dell'errore:
 (This error message may give you a hint about what caused the
  failure:)

while connected with mx.example.net, the server replied
	550 5.1.1 No such user

In caso ti serva aiuto scrivi a <postmatster@posta.example.it>.
Il tuo msg segue in allegato.
 (If you need help, write to <postmaster@posta.example.it>.
  Your message follows attached, including all headers:)

--aB3dE7-00F1A4-X9/posta.example.it
Content-Description: Messaggio non spedito - Unsent message
Content-Type: message/rfc822

Return-Path: <segreteria@example.it>
From: segreteria@example.it
To: partner@example.net, other@example.net
Subject: fattura

[corpo del messaggio - rimosso]
 ([message body - stripped off])

--aB3dE7-00F1A4-X9/posta.example.it--
`,
		want: []genericWant{
			{addr: "partner@example.net", status: "5.1.1", reply: 550, diag: "550 5.1.1 No such user"},
		},
	},
}

func TestGenericSharedReason(t *testing.T) {
	for _, tc := range sharedReasonSamples {
		testGenericSample(t, tc.name, tc.msg, tc.delayed, tc.want)
	}
}

// Near misses: text that must not become every listed address's reason.
func TestSharedReasonNearMisses(t *testing.T) {
	for _, tc := range []struct {
		name, text string
	}{
		{"a heading above the list only announces the list", `The following recipients failed:

	<a@example.net>
	<b@example.net>

Please check the addresses and try again.
`},
		{"a reply that names an address is that address's, not the list's", `The following recipients failed:

	<a@example.net>
	<b@example.net>

The error was:

550 5.1.1 <a@example.net>: Recipient address rejected
`},
		{"a heading whose next paragraph names an address", `The following recipients failed:

	<a@example.net>
	<b@example.net>

For help write to:

postmaster <postmaster@example.org>
`},
		{"two blank lines after the heading: a new section", `The following recipients failed:

	<a@example.net>
	<b@example.net>

Details:


Reporting host mx.example.org
`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := textLines(tc.text)
			assert.Equal(t, "", sharedReason(lines, 0, len(lines)))
		})
	}
}

func TestMimeOnlyRun(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       int // originalStart
	}{
		{"a MIME header written into a body is not the original",
			"MIME-Version: 1.0\nContent-Type: multipart/mixed;\n        boundary=\"x\"\n\nnotice text\n", 5},
		{"a returned original's header is",
			"notice text\n\nReturn-Path: <a@example.org>\nFrom: a@example.org\nSubject: hi\n\nbody\n", 2},
		{"MIME fields followed by a From belong to the original",
			"notice text\n\nMIME-Version: 1.0\nContent-Type: text/plain\nFrom: a@example.org\n\nbody\n", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := textLines(tc.text)
			want := tc.want
			if want > len(lines) {
				want = len(lines)
			}
			assert.Equal(t, want, originalStart(lines), strings.Join(lines, "|"))
		})
	}
}
