package lhost

import "testing"

// delay7HostingNotice is a hosting server's delay notice as its provider's
// help page quotes it (https://www.webinstinct.com/help/hosting/article/2017/
// notifications_for_delayed_outgoing_messages), with a host, a time and
// addresses of our own where the page left them out.
const delay7HostingNotice = `Return-Path: <>
Date: Tue, 1 Dec 2026 09:00:02 +0200
From: <>
To: alice@sender.example
Subject: delayed delivery notice

Your message has been received by server1.host.example but has been undeliverable to the following recipients for at least 4 hours.

bob@slow.example
carol@slow.example

The mail system will continue to attempt to deliver your message to these recipients for a total of 2 days.

You do not need to resend your message at this time.


--- Below this line is a copy of the original message.

From: Alice <alice@sender.example>
To: bob@slow.example, carol@slow.example
Subject: Quarterly figures

Hello.
`

// TestGenericHostingDelayNotice: the notice's words mark a delay, both
// recipients are delayed (not failed).
func TestGenericHostingDelayNotice(t *testing.T) {
	testGenericSample(t, "hosting delay notice", delay7HostingNotice, true,
		[]genericWant{{addr: "bob@slow.example"}, {addr: "carol@slow.example"}})
}

// TestGenericHostingDelayNearMiss: the same Subject on a person's mail, with
// no introduction of undelivered addresses, is not a bounce.
func TestGenericHostingDelayNearMiss(t *testing.T) {
	testGenericNotBounce(t, "subject only", "", `From: Carol <carol@example.org>
To: alice@sender.example
Subject: delayed delivery notice

Hi Alice, the courier says the parcel for bob@slow.example is late.
`)
}
