package lhost

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/bounce-milter/bounce-milter/dsn"
)

// genericWant is what a test expects the generic decoder to report of
// one recipient; an empty status is checked to be absent.
type genericWant struct {
	addr, status string
	reply        int
	diag         string // a part of the diagnostic text
}

// genericSamples are reports written in the layouts their software
// documents or its source writes (each sample says which), with addresses
// and hosts of our own. Each has an extra recipient or one without a
// status, and addresses that are not failed recipients: the bounce's
// sender, the original's other recipients, quoted and header lines.
var genericSamples = []struct {
	name    string
	msg     string
	delayed bool
	want    []genericWant
}{
	{
		name: "masqmail delay notice (tpl/warnmsg.tpl, fail_msg.c)",
		msg: `Subject: Warning: could not yet send message
From: MAILER-DAEMON@mx.example.org
To: sender@example.com
MIME-Version: 1.0
Content-Type: multipart/mixed;
        boundary="1kXyZ-0001aB-00/mx.example.org"

This is a MIME-encapsulated message.

--1kXyZ-0001aB-00/mx.example.org
Content-Description: Notification
Content-Type: text/plain

This message was sent to you by the mailer daemon (masqmail 0.3.6)
at mx.example.org.

Sorry, but your mail could not yet be delivered to all recipients.
Delivery to the following recipients has been defered:

	<anna@example.net>
	<bert@example.net>

Delivery will be tried again, until it is either successfull or a
timeout has been reached. If the latter happens, you will get a
delivery failure notice.


This error message may give you a hint about what caused the
delay:

connection to mx.example.net failed: Connection timed out

If you need help, write to <postmaster@mx.example.org>.

The headers of your message follow attached:

--1kXyZ-0001aB-00/mx.example.org
Content-Description: Undelivered Message Headers
Content-Type: message/rfc822

From: Sender <sender@example.com>
To: anna@example.net, bert@example.net, carol@example.net
Subject: hello

--1kXyZ-0001aB-00/mx.example.org--
`,
		delayed: true,
		want: []genericWant{
			{addr: "anna@example.net"},
			{addr: "bert@example.net"},
		},
	},
	{
		name: "masqmail failure notice in German (tpl/failmsg.tpl.de, fail_msg.c)",
		msg: `Subject: Mail Delivery Failure Notice
From: MAILER-DAEMON@mx.example.org
To: sender@example.com
MIME-Version: 1.0
Content-Type: multipart/mixed;
        boundary="1kXyZ-0001aC-00/mx.example.org"

Dies ist eine MIME-formatierte Nachricht.
This is a MIME-encapsulated message.

--1kXyZ-0001aC-00/mx.example.org
Content-Description: Notification
Content-Type: text/plain;
  charset=utf-8

Diese Nachricht wurde Ihnen von dem Mail Agenten
(masqmail 0.3.6) auf mx.example.org geschickt.
(This message was sent to you by the mailer daemon (masqmail 0.3.6)
at mx.example.org.)

Bedauerlicherweise konnte Ihre Mail nicht an alle Empfänger weitergeleitet
werden.
(Sorry, but your mail could not be delivered to all recipients.)

Die Zustellung zu den folgenden Empfängern ist permanent
fehlgeschlagen. Es wird kein weiterer Versuch unternommen:
(Delivery to the following recipients failed permanently and has been given
up:)

	<anna@example.net>
	<bert@example.net>

Diese Fehlermeldung könnte einen Hinweis über die Ursache geben:
(This error message may give you a hint about what caused the
failure:)

550 5.1.1 <anna@example.net>: Recipient address rejected: User unknown

Für weitere Hilfe, schreiben Sie an <postmaster@mx.example.org>.
(If you need help, write to <postmaster@mx.example.org>.)

Ihre Nachricht folgt im Anhang, einschliesslich aller Header:
(Your message follows attached, including all headers:)

--1kXyZ-0001aC-00/mx.example.org
Content-Description: Undelivered Message
Content-Type: message/rfc822

From: Sender <sender@example.com>
To: anna@example.net, bert@example.net, carol@example.net
Subject: hello

hello

--1kXyZ-0001aC-00/mx.example.org--
`,
		want: []genericWant{
			{addr: "anna@example.net"},
			{addr: "bert@example.net"},
		},
	},
	{
		name: "Sendmail delay warning, text only (savemail.c)",
		msg: `From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.org>
To: <sender@example.com>
Subject: Warning: could not send message for past 4 hours
Auto-Submitted: auto-generated (warning-timeout)

    **********************************************
    **      THIS IS A WARNING MESSAGE ONLY      **
    **  YOU DO NOT NEED TO RESEND YOUR MESSAGE  **
    **********************************************

The original message was received at Thu, 29 Apr 2021 10:00:00 +0200
from client.example.com [192.0.2.10]

   ----- The following addresses had transient non-fatal errors -----
<anna@example.net>
<bert@example.net>

   ----- Transcript of session follows -----
<anna@example.net>... Deferred: 451 4.4.1 reply: read error from mx.example.net.
Warning: message still undelivered after 4 hours
Will keep trying until message is 5 days old

   ----- Original message follows -----
Return-Path: <sender@example.com>
From: Sender <sender@example.com>
To: anna@example.net, bert@example.net, carol@example.net
Subject: hello

hello
`,
		delayed: true,
		want: []genericWant{
			{addr: "anna@example.net", status: "4.4.1", reply: 451, diag: "read error"},
			{addr: "bert@example.net"},
		},
	},
	{
		name: "Postfix delay warning, text only (bounce_templates.c)",
		msg: `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: sender@example.com
Subject: Delayed Mail (still being retried)

This is the mail system at host mx.example.org.

####################################################################
# THIS IS A WARNING ONLY.  YOU DO NOT NEED TO RESEND YOUR MESSAGE. #
####################################################################

Your message could not be delivered for more than 4 hour(s).
It will be retried until it is 5 day(s) old.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<anna@example.net>: connect to mx.example.net[192.0.2.25]:25: Connection timed
    out

<bert@example.net>: host mx.example.net[192.0.2.25] said: 452 4.2.2 Mailbox
    full (in reply to RCPT TO command)
`,
		delayed: true,
		want: []genericWant{
			{addr: "anna@example.net", diag: "Connection timed out"},
			{addr: "bert@example.net", status: "4.2.2", reply: 452, diag: "Mailbox full"},
		},
	},
	{
		name: "Exim delay warning, text only (deliver.c)",
		msg: `From: Mail Delivery System <Mailer-Daemon@mx.example.org>
To: sender@example.com
Subject: Warning: message 1a2B3c-000Abc-Xy delayed 24 hours
Auto-Submitted: auto-replied

This message was created automatically by mail delivery software.
A message that you sent has not yet been delivered to one or more of its
recipients after more than 24 hours on the queue on mx.example.org.

The message identifier is:     1a2B3c-000Abc-Xy
The subject of the message is: hello
The date of the message is:    Thu, 29 Apr 2021 10:00:00 +0200

The addresses to which the message has not yet been delivered are:

  anna@example.net
    Delay reason: SMTP error from remote mail server after RCPT TO:<anna@example.net>:
    host mx.example.net [192.0.2.25]: 452 4.2.2 Mailbox full

  bert@example.net

No action is required on your part. Delivery attempts will continue for
some time, and this warning may be repeated at intervals if the message
remains undelivered. Eventually the mail delivery software will give up,
and when that happens, the message will be returned to you.
`,
		delayed: true,
		want: []genericWant{
			{addr: "anna@example.net", status: "4.2.2", reply: 452, diag: "Mailbox full"},
			{addr: "bert@example.net"},
		},
	},
	{
		name: "OpenSMTPD delay notice (bounce.c)",
		msg: `From: Mailer Daemon <MAILER-DAEMON@mx.example.org>
To: sender@example.com
Subject: Delivery status notification: delayed

    Hi!

    This is the MAILER-DAEMON, please DO NOT REPLY to this email.

    A message is delayed for more than 4 hours for the following
    list of recipients:

    anna@example.net: Network error on destination MXs

    bert@example.net: 421 4.7.0 Try again later

    Please note that this is only a temporary failure report.
    The message is kept in the queue for up to 4 days.
    You DO NOT NEED to re-send the message to these recipients.

    Below is a copy of the original message:

    From: sender@example.com
    To: anna@example.net, bert@example.net, carol@example.net
`,
		delayed: true,
		want: []genericWant{
			{addr: "anna@example.net", diag: "Network error"},
			{addr: "bert@example.net", status: "4.7.0", reply: 421},
		},
	},
	{
		name: "Exchange 2013 text NDR, original headers after it",
		msg: `From: postmaster@corp.example.com
To: sender@example.com
Subject: Undeliverable: Quarterly report
Content-Type: text/plain; charset=utf-8

Delivery has failed to these recipients or groups:

anna@corp.example.com
The email address you entered couldn't be found.

bert@corp.example.com
Your message couldn't be delivered.

Diagnostic information for administrators:

Generating server: MBX01.corp.example.com

anna@corp.example.com
Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

bert@corp.example.com
Remote Server returned 'Hop count exceeded - possible mail loop'

Original message headers:

Received: from client.example.com (192.0.2.10) by MBX01.corp.example.com
From: Sender <sender@example.com>
To: anna@corp.example.com, bert@corp.example.com, carol@corp.example.com
Subject: Quarterly report
Message-ID: <report-1@example.com>
`,
		want: []genericWant{
			{addr: "anna@corp.example.com", status: "5.1.10", reply: 550, diag: "RecipientNotFound"},
			{addr: "bert@corp.example.com", diag: "couldn't be delivered"},
		},
	},
	{
		name: "Office 365 NDR in German",
		msg: `From: Microsoft Outlook <postmaster@firma.example.de>
To: absender@example.com
Subject: Unzustellbar: Angebot
Content-Type: text/plain; charset=utf-8

Ihre Nachricht konnte nicht zugestellt werden.

anna@firma.example.de
Die E-Mail-Adresse wurde nicht gefunden.

Diagnoseinformationen für Administratoren:

Generierender Server: MBX02.firma.example.de

anna@firma.example.de
Remote Server returned '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'
`,
		want: []genericWant{{addr: "anna@firma.example.de", status: "5.1.1", reply: 550, diag: "nicht gefunden. Remote Server returned"}},
	},
	{
		name: "gromox bounce in Chinese: the address comes first",
		msg: "From: postmaster@mail.example.cn\nTo: sender@example.com\n" +
			"Subject: =?UTF-8?B?" + b64("投递失败，您发送的邮件无法投递") + "?=\n" +
			"Content-Type: text/plain; charset=utf-8\n\n" +
			"很抱歉通知您，您发送到“zhang@example.cn”的邮件无法被正确投递，因为该用户不存在。\n",
		want: []genericWant{{addr: "zhang@example.cn", diag: "无法被正确投递"}},
	},
	{
		name: "gromox bounce in Japanese, mailbox full: が, not を, before the verb",
		msg: "From: postmaster@mail.example.jp\nTo: sender@example.com\n" +
			"Subject: =?UTF-8?B?" + b64("受信者のメールボックスが一杯になるため、メール送信失敗") + "?=\n" +
			"Content-Type: text/plain; charset=utf-8\n\n" +
			"お知らせ：\n  受信者のメールボックスが一杯になって、1通のメールでも受信\n" +
			"できないため、\"hanako@example.jp\"へのメールが正しく送信できません。\n" +
			"受信者のメールボックスが空いたら、再度メール送信を試してください。\n",
		want: []genericWant{{addr: "hanako@example.jp", diag: "正しく送信できません"}},
	},
	{
		name: "gromox bounce in English: the address inside the sentence (data/local_bounce/ascii/BOUNCE_NO_USER)",
		msg: "From: \"Mail Daemon\"<postmaster@mail.example.org>\nTo: sender@example.com\n" +
			"Subject: Delivery failure, user doesn't exist!\nContent-Type: text/plain; charset=utf-8\n\n" +
			"Hi,\n  I am sorry to tell you that that the address \"anna@example.org\" does not\n" +
			"exist. Please check whether the addess is rigthly composed and try it\nagain.\n\n" +
			"Below is the original mail information:\n   Time:    Mon, 4 Mar 2024 10:00:00 +0000\n" +
			"   From:    sender@example.com\n   To:      anna@example.org, bert@example.org\n" +
			"   Subject: Report\n   Parts:   1\n   Length:  1234\n",
		want: []genericWant{{addr: "anna@example.org", diag: "I am sorry to tell you that"}},
	},
	{
		name: "gromox bounce in English: the relay's too-large notice (data/mail_bounce/ascii/BOUNCE_MAIL_TOO_LARGE)",
		msg: "From: \"Mail Daemon\"<postmaster@mail.example.org>\nTo: sender@example.com\n" +
			"Subject: Delivery failure, mail too large\nContent-Type: text/plain; charset=utf-8\n\n" +
			"Hi,\n  Your message to \"anna@example.org\" cannot be delivered properly because it's too large!\n\n" +
			"Below is the original mail information:\n   Time:    Mon, 4 Mar 2024 10:00:00 +0000\n" +
			"   From:    sender@example.com\n   To:      anna@example.org\n" +
			"   Subject: Report\n   Parts:   1\n   Length:  99999999\n",
		want: []genericWant{{addr: "anna@example.org", diag: "too large"}},
	},
	{
		name: "Mail.Ru bounce in Russian",
		msg: `From: Mail Delivery System <mailer-daemon@corp.example.ru>
To: sender@example.com
Subject: Undelivered message
Content-Type: text/plain; charset=utf-8

Это письмо создано автоматически сервером Mail.Ru, отвечать на него не нужно.

К сожалению, Ваше письмо не может быть доставлено одному или нескольким получателям:

  ivan@corp.example.ru
    550 5.1.1 Message was not accepted -- invalid mailbox
`,
		want: []genericWant{{addr: "ivan@corp.example.ru", status: "5.1.1", reply: 550, diag: "invalid mailbox"}},
	},
	{
		name: "m-FILTER bounce in Japanese: the address on the next line",
		msg: "From: postmaster@gw.example.jp\nTo: sender@example.com\n" +
			"Subject: =?UTF-8?B?" + b64("メール送信失敗") + "?=\n" +
			"Content-Type: text/plain; charset=utf-8\n\n" +
			"メールサーバーとの通信中、下記の理由により\nこのメールは送信できませんでした。\n\n" +
			"以下のメールアドレスへの送信に失敗しました。\n" +
			"taro@example.jp\n\n" +
			"550 5.1.1 unknown user\n",
		want: []genericWant{{addr: "taro@example.jp", status: "5.1.1", reply: 550}},
	},
	{
		name: "unknown MTA: quotes, header lines and the original skipped",
		msg: `From: MAILER-DAEMON@gw.example.com
To: sender@example.com
Subject: Returned mail: delivery problem
Message-ID: <bounce-7@gw.example.com>

This is a delivery failure notification message.

Could not deliver message to the following recipient(s):

Failed Recipient: anna@example.net
Reason: Remote host said: 550 5.1.1 unknown user

Failed Recipient: bert@example.net
Reason: mailbox unavailable

> From: carol@example.org
> please forward this to dave@example.org
Subject: hello from frank@example.org

----- Original message -----
Received: from client.example.com by gw.example.com
From: Sender <sender@example.com>
To: anna@example.net, bert@example.net, erin@example.net
Subject: hello
`,
		want: []genericWant{
			{addr: "anna@example.net", status: "5.1.1", reply: 550, diag: "unknown user"},
			{addr: "bert@example.net", diag: "mailbox unavailable"},
		},
	},
	{
		name: "AOL: the list's address is the sender",
		msg: `From: "Mail Delivery Subsystem" <MAILER-DAEMON@aol.example.com>
To: <news-bounces@list.example.org>
Subject: Mail Delivery Problem

Your mail to the following recipients could not be delivered because
they are not accepting mail from news@list.example.org:
	anna@aol.example.com
`,
		want: []genericWant{{addr: "anna@aol.example.com", diag: "not accepting mail"}},
	},
	{
		name: "HTML only",
		msg: `From: Mail Delivery Subsystem <mailer-daemon@mail.example.com>
To: sender@example.com
Subject: Delivery Status Notification (Failure)
Content-Type: text/html; charset=utf-8

<html><body><p>Your message wasn&#39;t delivered to <b>anna@example.net</b> because the address couldn&#39;t be found, or is unable to receive mail.</p>
<p>The response from the remote server was:</p><p>550 5.1.1 The email account that you tried to reach does not exist.</p></body></html>
`,
		want: []genericWant{{addr: "anna@example.net", status: "5.1.1", reply: 550, diag: "couldn't be found"}},
	},
	{
		name: "X-Failed-Recipients and no intro",
		msg: `From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: sender@example.com
X-Failed-Recipients: anna@example.net
Subject: Delivery problem

Your mail to anna@example.net bounced: 550 5.1.1 no such user
`,
		want: []genericWant{{addr: "anna@example.net", status: "5.1.1", reply: 550, diag: "no such user"}},
	},
	{
		name: "Exchange's X.400 address",
		msg: `From: System Administrator <postmaster@corp.example.com>
To: list-bounces@list.example.org
Subject: Undeliverable: RE: results

Your message

  To:      list@list.example.org
  Subject: RE: results

did not reach the following recipient(s):

c=US;a= ;p=CORP;o=Nexus;dda:SMTP=anna@corp.example.com; on Fri, 4 Oct 2002 17:12:28 -0400
    The recipient name is not recognized
`,
		want: []genericWant{{addr: "anna@corp.example.com", diag: "not recognized"}},
	},
	{
		name: "warning with the address before the intro",
		msg: `From: MAILER-DAEMON@mx.example.org (Mail Delivery System)
To: list-bounces@list.example.org
Subject: Warning: message has not yet been delivered

This is an automated message created by mail delivery software.

Your message to:
	anna@example.net

has not yet been delivered because the recipient server did not respond.
`,
		delayed: true,
		want:    []genericWant{{addr: "anna@example.net", diag: "did not respond"}},
	},
	{
		name: "E500 SMTP Mail Service banners (flufl.bounce simplematch.py)",
		msg: `From: E500_SMTP_Mail_Service@mx.example.net
To: <news-bounces@list.example.org>
Subject: Returned Mail - Error During Delivery

------ Failed Recipients ------

<anna@example.net>: Requested action not taken: mailbox unavailable. [SMTP Error Code 550]
<bert@example.net>: Mailbox quota exceeded
-------- Returned Mail --------

Received: from list.example.org by mx.example.net
From: news-bounces@list.example.org
To: anna@example.net, carol@example.net
Subject: Weekly news
`,
		want: []genericWant{
			{addr: "anna@example.net", reply: 550, diag: "mailbox unavailable"},
			{addr: "bert@example.net", diag: "quota exceeded"},
		},
	},
	{
		name: "USA.NET processing error: the labelled address before the intro (flufl.bounce simple_02.txt)",
		msg: `From: MAILER-DAEMON@mail.example.net
To: news-bounces@list.example.org
Subject: Processing Error

Intended recipient: anna@example.net

The following mail has been returned because it encountered an error
while being processed.  Please try to resend this message.

A notice of this error has been reported to the POSTMASTER at EXAMPLE.NET
which will attempt to contact the intended recipient.

--------RETURNED MAIL FOLLOWS--------

From: news-bounces@list.example.org
To: anna@example.net
Subject: Weekly news
`,
		want: []genericWant{{addr: "anna@example.net", diag: "encountered an error while being processed"}},
	},
	{
		name: "Prodigy's full mailbox, one line a recipient (flufl.bounce simplematch.py)",
		msg: `From: MAILER-DAEMON@mail.example.net
To: <news-bounces@list.example.org>
Subject: Returned mail: Weekly news

User's mailbox is full: <anna@example.net>
User's mailbox is full: <bert@example.net>
Unable to deliver mail.
`,
		want: []genericWant{
			{addr: "anna@example.net", diag: "User's mailbox is full"},
			{addr: "bert@example.net", diag: "User's mailbox is full"},
		},
	},
	{
		name: "LLNL's local report: the address in a sentence, a directory entry below (flufl.bounce llnl_01.txt)",
		msg: `From: postmaster@lab.example.gov (Automated response from the postmaster)
To: news-bounces@list.example.org
Subject: FAILED MAIL to "anna" regarding "Weekly news"

The standard form of email address at the lab is lastnameNumber@lab.example.gov
although individuals may choose an alternate email address. The address to
which your message was addressed, anna@example.gov, did not exactly match an
email address of the lab.

The following locator information may be of help in finding another means
of contacting "anna":

  Anna A. User            +1 555-0100       user4@example.gov

Original message as received is as follows:
========================================================================
>From: news-bounces@list.example.org
>To: anna@example.gov
`,
		want: []genericWant{{addr: "anna@example.gov", diag: "did not exactly match"}},
	},
	{
		// The report layout PHPMailer-BMH's rules quote
		// (voku/PHPMailer-BMH phpmailer-bmh_rules.php): one "Failed to
		// deliver to" block a recipient, the module that failed and its
		// words below it.
		name: "CommuniGate Pro: the module's report under each address",
		msg: `From: MAILER-DAEMON@mail.example.org
To: sender@example.com
Subject: Undeliverable: quarterly report

Failed to deliver to '<anna@example.org>'
LOCAL module(account anna) reports:
 account is full (quota exceeded)

Failed to deliver to 'bert@example.net'
SMTP module(domain example.net) reports:
 host mx.example.net [192.0.2.7] says:
 550 5.1.1 <bert@example.net>: Recipient address rejected: User unknown
`,
		want: []genericWant{
			{addr: "anna@example.org", diag: "account is full (quota exceeded)"},
			{addr: "bert@example.net", status: "5.1.1", reply: 550, diag: "Recipient address rejected"},
		},
	},
	{
		// chasquid's notice (internal/queue/dsn.go): the addresses listed
		// under the intro, each one's error under "Technical details".
		name: "chasquid: the address's own error from the technical details",
		msg: `From: Mail Delivery System <postmaster-dsn@mail.example.org>
To: <sender@example.com>
Subject: Mail delivery failed: returning message to sender
Message-ID: <chasquid-dsn-1a2b@mail.example.org>
X-Failed-Recipients: anna@example.net, bert@example.net, 
Auto-Submitted: auto-replied

Delivery to the following recipient(s) failed permanently:

  - anna@example.net
  - bert@example.net


----- Technical details -----

- "anna@example.net" (EMAIL) failed permanently with error:
    MAIL+RCPT 550 5.1.1 Destination address is unknown (user does not exist)

- "bert@example.net" (EMAIL) failed repeatedly and timed out, last error:
    all MXs returned transient failures (last: Could not dial: dial tcp 192.0.2.9:25: connect: connection refused)


----- Original message -----

Received: from client.example.com
From: sender@example.com
To: anna@example.net, bert@example.net, carol@example.net
Subject: hello

hello
`,
		want: []genericWant{
			{addr: "anna@example.net", status: "5.1.1", reply: 550, diag: "Destination address is unknown"},
			{addr: "bert@example.net", diag: "Could not dial"},
		},
	},
	{
		// chasquid's newer notice (internal/queue/dsn.go), a
		// multipart/report: its text part read alone.
		name: "chasquid's newer notice, its text part alone",
		msg: `From: Mail Delivery System <postmaster-dsn@mail.example.org>
To: <sender@example.com>
Subject: Mail delivery failed: returning message to sender
Auto-Submitted: auto-replied

Delivery of your message to the following recipient(s) failed permanently:

  - anna@example.net

Technical details:
- "anna@example.net" (EMAIL) failed permanently with error:
    550 5.2.2 <anna@example.net>: mailbox full
`,
		want: []genericWant{{addr: "anna@example.net", status: "5.2.2", reply: 550, diag: "mailbox full"}},
	},
	{
		// The text part of mox's delay DSN (queue/dsn.go), read alone.
		name: "mox delay notice, its text part alone",
		msg: `From: <postmaster@mail.example.org>
To: <sender@example.com>
Subject: mail delivery delayed

Delivery has been delayed of your email to:

	anna@example.net

Next attempts to deliver: in 4 hours, 8 hours and 16 hours.
If these attempts all fail, you will receive a notice.

Error during the last delivery attempt:

	remote smtp: 452 4.2.2 more than 200 messages in past 1m0s from your ip/network
`,
		delayed: true,
		want:    []genericWant{{addr: "anna@example.net", status: "4.2.2", reply: 452, diag: "more than 200 messages in past 1m0s from your ip/network"}},
	},
	{
		// One recipient whose remote reply is quoted in a paragraph of its
		// own with only its enhanced status code (RFC 3463), no reply code:
		// that paragraph says why.
		name: "reply paragraph with an enhanced status code only",
		msg: `From: MAILER-DAEMON@relay.example.net
To: sender@example.com
Subject: Mail delivery failed

This is a delivery failure notification message indicating that
an email you addressed to email address :
-- ines@example.org

could not be delivered. The problem appears to be :
-- see below

Additional information follows :
-- 5.2.2 <ines@example.org>: Recipient address rejected: mailbox over quota
`,
		want: []genericWant{{addr: "ines@example.org", status: "5.2.2", diag: "mailbox over quota"}},
	},
	{
		// A later mention of the address with the enhanced code the first
		// mention's own words lack completes its diagnostic.
		name: "later mention with an enhanced status code",
		msg: `From: MAILER-DAEMON@relay.example.net
To: sender@example.com
Subject: Undeliverable: hello

Delivery to the following recipients failed.

       jon@example.org (address not accepted)

Diagnostic information for administrators:

jon@example.org 5.1.1 RESOLVER.ADR.RecipNotFound; not found
`,
		want: []genericWant{{addr: "jon@example.org", status: "5.1.1", diag: "RecipNotFound"}},
	},
	{
		// The report PHPMailer-BMH's rules quote (phpmailer-bmh_rules.php,
		// rule 0244): "ADDR; Failed; STATUS (TEXT)" a line each under the
		// intro; the original's other recipient is not one of them.
		name: "recipients processed by the mail server, a line each (PHPMailer-BMH)",
		msg: `From: postmaster@mail.example.net
To: sender@example.com
Subject: Undeliverable: Weekly news

- These recipients of your message have been processed by the mail server:
anna@example.net; Failed; 5.1.1 (bad destination mailbox address)
bert@example.net; Failed; 5.2.2 (mailbox full)

Original message follows.

From: sender@example.com
To: anna@example.net, carol@example.net
Subject: Weekly news
`,
		want: []genericWant{
			{addr: "anna@example.net", status: "5.1.1", diag: "bad destination mailbox address"},
			{addr: "bert@example.net", status: "5.2.2", diag: "mailbox full"},
		},
	},
	{
		// nifty.ne.jp's report as fml8 reads it (Mail/Bounce/SimpleMatch.pm):
		// the reason section, then the returned message.
		name: "nifty.ne.jp unsent reason (fml8)",
		msg: `From: postmaster@mail.example.ne.jp
To: sender@example.com
Subject: Returned mail

----- Unsent reason follows -----
anna@example.ne.jp could not receive a mail that you had sent

----- Unsent message follows -----
From: sender@example.com
To: anna@example.ne.jp, carol@example.ne.jp
Subject: Weekly news
`,
		want: []genericWant{{addr: "anna@example.ne.jp", diag: "could not receive a mail that you had sent"}},
	},
}

// b64 encodes s for an RFC 2047 word.
func b64(s string) string {
	const enc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var b strings.Builder
	for i := 0; i < len(s); i += 3 {
		var n uint32
		k := min(3, len(s)-i)
		for j := 0; j < 3; j++ {
			n <<= 8
			if j < k {
				n |= uint32(s[i+j])
			}
		}
		for j := 0; j < 4; j++ {
			if j <= k {
				b.WriteByte(enc[(n>>(18-6*j))&63])
			} else {
				b.WriteByte('=')
			}
		}
	}
	return b.String()
}

// decodeGeneric reads raw and runs only the generic decoder over it.
func decodeGeneric(t *testing.T, raw string) *dsn.Report {
	t.Helper()
	m, err := dsn.ReadMessage([]byte(raw))
	require.NoError(t, err)
	return dsn.Decode(m, []dsn.Decoder{genericDecoder{}})
}

func TestGenericDecoder(t *testing.T) {
	for _, tc := range genericSamples {
		testGenericSample(t, tc.name, tc.msg, tc.delayed, tc.want)
	}
}

// testGenericSample runs the generic decoder alone over msg, with LF, CRLF
// and CR line ends, and checks its recipients against want.
func testGenericSample(t *testing.T, name, msg string, delayed bool, want []genericWant) {
	t.Helper()
	for _, eol := range []string{"\n", "\r\n", "\r"} {
		t.Run(fmt.Sprintf("%s/%q", name, eol), func(t *testing.T) {
			r := decodeGeneric(t, strings.ReplaceAll(msg, "\n", eol))
			require.Equal(t, dsn.DeliveryReport, r.Kind, "notes: %v", r.Notes)
			assert.Equal(t, string(Generic), r.Decoder)
			got := make([]string, len(r.Recipients))
			for i, rc := range r.Recipients {
				got[i] = rc.Recipient
			}
			addrs := make([]string, len(want))
			for i, w := range want {
				addrs[i] = w.addr
			}
			require.Equal(t, addrs, got, "recipients")
			for i, w := range want {
				rc := r.Recipients[i]
				action := dsn.ActionFailed
				if delayed {
					action = dsn.ActionDelayed
				}
				assert.Equal(t, action, rc.Action, "%s action", w.addr)
				if w.status == "" {
					assert.True(t, rc.Status.IsZero(), "%s: status %s from %q", w.addr, rc.Status, rc.DiagnosticCode)
				} else {
					assert.Equal(t, w.status, rc.Status.String(), "%s status", w.addr)
				}
				assert.Equal(t, w.reply, rc.ReplyCode, "%s reply code", w.addr)
				assert.Contains(t, rc.DiagnosticCode, w.diag, "%s diagnostic", w.addr)
				assert.NotContains(t, rc.DiagnosticCode, "\n", "%s diagnostic is one line", w.addr)
			}
		})
	}
}

// genericNotBounces are messages that mention addresses and delivery
// failures and are not bounces, or are automatic mail that is not one.
// decoder is the decoder the registry credits ("" for none).
var genericNotBounces = []struct {
	name, decoder, msg string
}{
	{"a person writing about a delivery", "", `From: Alice <alice@example.org>
To: bob@example.org
Subject: Delivery of the new chairs

Hi Bob, the delivery to carol@example.org failed yesterday: the following address failed:
dave@example.org. The following addresses had permanent fatal errors, she says.
`},
	{"a person replying to a bounce, quoted", "", `From: Alice <alice@example.org>
To: helpdesk@example.org
Subject: Re: Undelivered Mail Returned to Sender
In-Reply-To: <bounce-1@mx.example.org>

What does this mean?

> This is the mail system at host mx.example.org.
> I'm sorry to have to inform you that your message could not
> be delivered to one or more recipients. It's attached below.
>
> <bob@example.net>: host mx.example.net[192.0.2.25] said: 550 5.1.1 unknown
`},
	{"a person forwarding a bounce", "", `From: Alice <alice@example.org>
To: helpdesk@example.org
Subject: Fwd: Mail delivery failed: returning message to sender

This message was created automatically by mail delivery software.

A message that you sent could not be delivered to one or more of its
recipients. This is a permanent error. The following address(es) failed:

  bob@example.net
    550 5.1.1 unknown user
`},
	{"a quota warning to the owner", "", `From: Postmaster <postmaster@example.org>
To: anna@example.org
Subject: Your mailbox is almost full
Auto-Submitted: auto-generated

Your mailbox anna@example.org has reached 95% of its quota of 2 GB.
Please delete messages you no longer need, or you will stop receiving mail.
Contact help@example.org for more space.
`},
	{"a notice from the mail system that names no failure", "", `From: MAILER-DAEMON@mx.example.org
To: postmaster@example.org
Subject: Maintenance

The server mx.example.org will be down on Sunday; write to help@example.org.
`},
	{"a shop's delivery notice", "", `From: Shop <noreply@shop.example>
To: anna@example.org
Subject: Your order 123: delivery status notification

Your parcel could not be delivered to the address you gave.
Contact support@shop.example or reply to this message.
`},
	{"an RT acknowledgement with auto-reply headers", string(NotBounce), `From: "Support via RT" <support@example.org>
To: anna@example.net
Subject: [example.org #4711] AutoReply: printer broken
Auto-Submitted: auto-replied
X-RT-Loop-Prevention: example.org
RT-Ticket: example.org #4711
Precedence: bulk

Greetings,

This message has been automatically generated in response to the
creation of a trouble ticket regarding:
	"printer broken",
a summary of which appears below.
`},
	{"a Zendesk acknowledgement", string(NotBounce), `From: Example Support <support@example.zendesk.com>
To: anna@example.net
Subject: [Example] Re: refund
Auto-Submitted: auto-generated
X-Auto-Response-Suppress: All
X-Mailer: Zendesk Mailer
X-Zendesk-From-Account-Id: 4ca1477

Your request (#812) has been received, and is being reviewed by our support staff.
`},
	{"a ticket acknowledgement known by its words", string(NotBounce), `From: Helpdesk <helpdesk@example.org>
To: anna@example.net
Subject: AutoReply: printer broken
Auto-Submitted: auto-replied

Greetings, This message has been automatically generated in response to the creation of a trouble ticket regarding: printer broken.
`},
	{"an OTRS auto-response", string(NotBounce), `From: Support <support@example.org>
To: anna@example.net
Subject: [Ticket#2021042910000012] Auto reply: printer broken
Auto-Submitted: auto-generated
X-Loop: yes
Precedence: bulk
X-Mailer: OTRS Mail Service (6.0.30)
X-Powered-By: OTRS - Open Ticket Request System (http://otrs.org/)

Your e-mail has been received.
`},
	{"a confidentiality notice naming the intended recipient", "", `From: Alice <alice@example.org>
To: bob@example.org
Subject: Contract draft

Intended recipient: bob@example.org

The information in this message is confidential. If you are not the intended
recipient, the following mail has been returned to you by mistake; delete it.
`},
	{"a person quoting a full mailbox", "", `From: Alice <alice@example.org>
To: helpdesk@example.org
Subject: mailbox

My mail client says: User's mailbox is full: <carol@example.org>. Unable to deliver mail. Why?
`},
	{"a mail system's notice with a failed-recipients heading and no bounce Subject", "", `From: postmaster@example.org
To: admin@example.org
Subject: Daily statistics

Failed Recipients: 12
Top domain: example.net (contact noc@example.net)
`},
	{"a TMDA challenge", string(NotBounce), `From: anna-confirm+1619690000.12345.abcdef@example.net
To: sender@example.com
Subject: Please confirm your message
X-Delivery-Agent: TMDA/1.1.12 (Macallan)
Auto-Submitted: auto-replied

This message was created automatically by mail delivery software.
Your message is being held until you confirm it.
`},
	{"a challenge in a mail system's words", string(NotBounce), `From: MAILER-DAEMON@mx.example.net
To: sender@example.com
Subject: Returned mail: confirmation required

Your server requires confirmation. Visit http://cr.example.net/confirm to
confirm this mail server. The message to anna@example.net is held.
`},
	{"a Boxbe challenge as a delivery status notification", string(NotBounce), `From: noreply@boxbe.example.com
To: sender@example.com
Subject: Re: hello (Action Required)
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Please add yourself to my guest list.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; boxbe.example.com

Final-Recipient: rfc822; anna@example.net
Diagnostic-Code: X-Boxbe-Notice; Sender not pre-approved.  Follow instructions in above notice
Status: 4.7.0

--B--
`},
	{"a mailing list's probe of a member, the bounce attached (Mailman)", string(NotBounce), `From: walkers-bounces+7d2a@lists.example.com
To: dora@example.org
Subject: Walkers mailing list probe message
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="P"

--P
Content-Type: text/plain

This is a probe message.  You can ignore this message.

The Walkers mailing list has received a number of bounces from you,
indicating that there may be a problem delivering messages to dora@example.org.

--P
` + memberBounceAttached + `
--P--
`},
	{"a mailing list's warning to a member, the bounces attached (Courier)", string(NotBounce), `From: walkers-owner@lists.example.com
To: walkers-bounce-dora=example.org@lists.example.com
Subject: Mailing list warning.
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="P"

--P
Content-Type: text/plain

Hello, this is the Courier mailing list manager.  I manage the mailing
list <walkers@lists.example.com>.

There have been problems delivering messages to you from this mailing
list.

--P
` + memberBounceAttached + `
--P--
`},
}

// memberBounceAttached is the bounce a list manager's notice to a member
// attaches (a message/rfc822 part of its multipart/mixed).
const memberBounceAttached = `Content-Type: message/rfc822

From: MAILER-DAEMON@mx.example.net
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="R"

--R
Content-Type: text/plain

Your message could not be delivered.

--R
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; dora@example.org
Action: failed
Status: 5.2.2
Diagnostic-Code: smtp; 552 5.2.2 mailbox full

--R--
`

// TestGenericNotBounces checks that ordinary and automatic mail that is
// not a bounce yields no failed recipient: with the generic decoder
// alone, and with the whole registry, which credits the mail that is not
// a bounce to the NotBounce decoder.
func TestGenericNotBounces(t *testing.T) {
	for _, tc := range genericNotBounces {
		testGenericNotBounce(t, tc.name, tc.decoder, tc.msg)
	}
}

// testGenericNotBounce checks that msg, with LF and CRLF line ends, is
// no bounce to the generic decoder alone (unless decoder names the one
// that recognises it) and to the whole registry.
func testGenericNotBounce(t *testing.T, name, decoder, msg string) {
	t.Helper()
	for _, eol := range []string{"\n", "\r\n"} {
		t.Run(fmt.Sprintf("%s/%q", name, eol), func(t *testing.T) {
			raw := strings.ReplaceAll(msg, "\n", eol)
			if decoder == "" {
				r := decodeGeneric(t, raw)
				assert.Equal(t, dsn.NotBounce, r.Kind, "%+v", r.Recipients)
			}
			r, err := dsn.ParseBytes([]byte(raw), Registry())
			require.NoError(t, err)
			assert.Equal(t, dsn.NotBounce, r.Kind, "%s: %+v", r.Decoder, r.Recipients)
			assert.Empty(t, r.Recipients)
			assert.Equal(t, decoder, r.Decoder, "notes: %v", r.Notes)
		})
	}
}

// TestGenericInTheRegistry checks that the generic decoder reads a report
// the named decoders do not know, as the registry's last format decoder.
func TestGenericInTheRegistry(t *testing.T) {
	for _, name := range []string{
		"unknown MTA: quotes, header lines and the original skipped", "warning with the address before the intro",
		"E500 SMTP Mail Service banners (flufl.bounce simplematch.py)",
		"USA.NET processing error: the labelled address before the intro (flufl.bounce simple_02.txt)",
		"Prodigy's full mailbox, one line a recipient (flufl.bounce simplematch.py)",
		"LLNL's local report: the address in a sentence, a directory entry below (flufl.bounce llnl_01.txt)",
	} {
		found := false
		for _, tc := range genericSamples {
			if tc.name != name {
				continue
			}
			found = true
			r, err := dsn.ParseBytes([]byte(tc.msg), Registry())
			require.NoError(t, err)
			assert.Equal(t, string(Generic), r.Decoder, name)
			assert.Len(t, r.Recipients, len(tc.want), name)
		}
		assert.True(t, found, "no sample %q", name)
	}
}

func TestGenericTable(t *testing.T) {
	require.NotEmpty(t, intros)
	seen := map[string]bool{}
	langs := map[string]bool{}
	for _, in := range intros {
		key := fmt.Sprint(in.subject, strings.ToLower(in.phrase))
		assert.False(t, seen[key], "%q twice", in.phrase)
		seen[key] = true
		langs[in.lang] = true
		assert.NotContains(t, in.phrase, "  ")
	}
	for _, l := range []string{"en", "de", "fr", "es", "pt", "it", "nl", "ja", "zh", "ru"} {
		assert.True(t, langs[l], "no intro in %s", l)
	}
	_, err := parseIntros("failed\tbody\tstrong\tphrase\tsource\n")
	assert.Error(t, err, "six columns")
	_, err = parseIntros("failing\tbody\tstrong\tphrase\tsource\ten\t\n")
	assert.Error(t, err, "unknown kind")
	_, err = parseIntros("failed\tbody\tstrong\tphrase\t\ten\t\n")
	assert.Error(t, err, "no source")
}

func TestAddressesIn(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"<anna@example.net>: host said", []string{"anna@example.net"}},
		{"Failed Recipient: anna@example.net.", []string{"anna@example.net"}},
		{"“zhang@example.cn”的邮件", []string{"zhang@example.cn"}},
		{"dda:SMTP=anna@corp.example.com; on Fri", []string{"anna@corp.example.com"}},
		{"see http://user@www.example.com/ for more", nil},
		{"a@b and c@d.e1 and x@y.example.org", []string{"x@y.example.org"}},
		{"list-bounces+anna=example.net@list.example.org", []string{"list-bounces+anna=example.net@list.example.org"}},
		{"no address @ all", nil},
	} {
		var got []string
		for _, sp := range addressesIn(tc.line) {
			got = append(got, sp.addr)
			assert.Equal(t, sp.addr, tc.line[sp.start:sp.end], "span of %s", sp.addr)
		}
		assert.Equal(t, tc.want, got, tc.line)
	}
}

// FuzzGenericDecoder runs the generic decoder and the recogniser of mail
// that is not a bounce over mutations of their samples and checks what
// they report: addresses only, within the bounds, never the bounce's own
// sender, a failed or delayed action, a one-line diagnostic.
func FuzzGenericDecoder(f *testing.F) {
	for _, tc := range genericSamples {
		f.Add([]byte(tc.msg))
	}
	for _, tc := range genericNotBounces {
		f.Add([]byte(tc.msg))
	}
	for _, tc := range genericLangSamples {
		f.Add([]byte(tc.msg))
	}
	for _, tc := range genericLangNotBounces {
		f.Add([]byte(tc.msg))
	}
	decoders := []dsn.Decoder{notBounceDecoder{}, genericDecoder{}}
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := dsn.ReadMessage(b)
		if err != nil {
			return
		}
		r := dsn.Decode(m, decoders)
		if r.Kind == dsn.NotBounce {
			if len(r.Recipients) > 0 {
				t.Fatalf("a non-bounce with %d recipients", len(r.Recipients))
			}
			return
		}
		if len(r.Recipients) == 0 || len(r.Recipients) > dsn.MaxRecipients {
			t.Fatalf("%d recipients", len(r.Recipients))
		}
		from := strings.ToLower(m.Header.Address("From"))
		for _, rc := range r.Recipients {
			if !strings.Contains(rc.Recipient, "@") {
				t.Fatalf("recipient %q is no address", rc.Recipient)
			}
			if from != "" && strings.EqualFold(rc.Recipient, from) {
				t.Fatalf("the bounce's sender %q reported", from)
			}
			if rc.Action != dsn.ActionFailed && rc.Action != dsn.ActionDelayed {
				t.Fatalf("action %q", rc.Action)
			}
			if strings.ContainsAny(rc.DiagnosticCode, "\r\n") || len(rc.DiagnosticCode) > dsn.MaxDiagnosticBytes {
				t.Fatalf("diagnostic %q", rc.DiagnosticCode)
			}
		}
	})
}

// TestGenericStopsAtListFooter checks that a mailing list's footer
// (Mailman's default, appended when the list distributed the bounce)
// adds no recipient.
func TestGenericStopsAtListFooter(t *testing.T) {
	msg := "From: MAILER-DAEMON@mx.example.net\nTo: list-owner@lists.example.org\nSubject: Undeliverable mail\n\n" +
		"Your message cannot be delivered to the following recipients:\n\n" +
		"  Recipient address: bob@example.com\n  Reason: recipient reached disk quota\n" +
		"_______________________________________________\nNeko mailing list\nNeko@lists.example.org\n" +
		"https://lists.example.org/mailman/listinfo/neko\n"
	m, err := dsn.ReadMessage([]byte(msg))
	require.NoError(t, err)
	r := genericDecoder{}.Decode(m)
	require.NotNil(t, r)
	require.Len(t, r.Recipients, 1)
	assert.Equal(t, "bob@example.com", r.Recipients[0].Recipient)
}

// TestEmptyDeliveryStatusFromSESText reads an Amazon SES notification
// whose delivery-status part came without fields (a relay or archive
// dropped them): the failed recipients are those the notification lists
// under its intro (sisimai/p5-sisimai:lib/Sisimai/Lhost/AmazonSES.pm),
// not the returned message's first addressee.
func TestEmptyDeliveryStatusFromSESText(t *testing.T) {
	for _, tc := range []struct {
		name string
		list string
		want []string
	}{
		{"two of three addressees failed", "kim@example.org\nlee@example.org\n", []string{"kim@example.org", "lee@example.org"}},
		{"one failed", "lee@example.org\n", []string{"lee@example.org"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := "From: MAILER-DAEMON@amazonses.com\n" +
				"To: bounces@example.com\n" +
				"Subject: Delivery Status Notification (Failure)\n" +
				"MIME-Version: 1.0\n" +
				"Content-Type: multipart/report; report-type=delivery-status; boundary=\"SES\"\n\n" +
				"--SES\n" +
				"Content-Type: text/plain; charset=us-ascii\n\n" +
				"An error occurred while trying to deliver the mail to the following recipients:\n" +
				tc.list +
				"--SES\n" +
				"Content-Type: message/delivery-status\n\n\n" +
				"--SES\n" +
				"Content-Type: message/rfc822\n\n" +
				"From: news@example.com\n" +
				"To: ann@example.org, kim@example.org, lee@example.org\n" +
				"Subject: News\n\n" +
				"hello\n" +
				"--SES--\n"
			r, err := dsn.ParseBytes([]byte(msg), Registry())
			require.NoError(t, err)
			got := make([]string, 0, len(r.Recipients))
			for _, rc := range r.Recipients {
				got = append(got, rc.Recipient)
				assert.Equal(t, dsn.ActionFailed, rc.Action)
			}
			assert.Equal(t, tc.want, got)
		})
	}
}
