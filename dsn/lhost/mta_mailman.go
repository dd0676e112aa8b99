package lhost

import (
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// Mailman names the decoder of GNU Mailman's notices that a list refused
// a post.
const Mailman dsn.DecoderName = "Mailman"

// mailmanDecoder reads the two notices GNU Mailman (2.1 and 3) sends a
// poster whose post the list did not take. The post was not delivered
// to the list: the list's address is the failed recipient, as in
// Google Groups' and mlmmj's refusals, and the notice's words are its
// diagnostic.
//
// The rejection, when the list's rules refuse a post (a non-member's on
// a list set to reject them, a moderated member's, one over the size
// limit, a DMARC policy; Mailman 3.3.10: src/mailman/chains/reject.py and
// app/bounces.py bounce_message, Mailman 2.1: Mailman/Bouncer.py
// BounceMessage), comes from the list's -owner address under the post's
// own Subject, with the reasons in a text part (Mailman 3's template
// src/mailman/templates/en/list:user:notice:rejected.txt, Mailman 2.1's
// RejectMessage notice) and the post attached:
//
//	From: walkers-owner@lists.example.org
//	Subject: <the post's Subject>
//	X-Mailman-Version: 3.3.10
//	Content-Type: multipart/mixed
//	  text/plain: Your message to the Walkers mailing-list was rejected ...
//	  message/rfc822: the post
//
// Its Subject says nothing of a refusal; what tells it from a member's
// message is that the attached post carries the same Subject, with the
// sender Mailman's -owner address and the X-Mailman-Version field its
// outgoing pipeline adds (handlers/cook_headers.py).
//
// The moderator's refusal of a held post (Mailman 3.3.10:
// src/mailman/app/moderator.py send_rejection and
// templates/en/list:user:notice:refuse.txt; Mailman 2.1:
// Mailman/ListAdmin.py __refuse and templates/en/refuse.txt) has a
// Subject of its own and comes from the list's -bounces address (-owner
// or -admin in older 2.1 releases):
//
//	Subject: Request to mailing list "Walkers" rejected
//
//	Your request to the walkers@lists.example.org mailing list
//	    Posting of your message titled "Route for Sunday"
//	has been rejected by the list moderator. ...
//
// The same notice refuses a subscription request ("Subscription
// request"), which is no failed delivery: only a refused posting is
// read. Only the English Subject is known; the notice is in the list's
// or the member's language. A notice that a post is held for the
// moderator ("... awaits moderator approval") is no refusal: the post
// may still go out, and it is not read.
type mailmanDecoder struct{}

func (mailmanDecoder) Name() dsn.DecoderName { return Mailman }

// mailmanVersionField is the field Mailman's outgoing pipeline adds to
// every message it sends.
const mailmanVersionField = "X-Mailman-Version"

// mailmanRefuseSubject is the start of the moderator's refusal's Subject
// (Mailman 2.1: 'Request to mailing list %(realname)s rejected'; Mailman
// 3: 'Request to mailing list "${display_name}" rejected').
const mailmanRefuseSubject = "Request to mailing list "

// mailmanRefusePosting is the request line of a refused post, as
// send_rejection (3) and __refuse (2.1) are given it: 'Posting of your
// message titled "SUBJECT"'.
const mailmanRefusePosting = `Posting of your message titled "`

// mailmanRefuseWords are the fixed words of refuse.txt that follow the
// request (the same in Mailman 2.1 and 3).
const mailmanRefuseWords = "has been rejected by the list moderator"

// mailmanOriginalMark starts the copy of the post Mailman 2.1's refusal
// may append ("---------- Original Message ----------").
const mailmanOriginalMark = "---------- Original Message"

// mailmanSenderSuffixes are the local-part suffixes of the list
// addresses Mailman sends its notices from.
var mailmanSenderSuffixes = []string{"-owner", "-bounces", "-admin"}

func (mailmanDecoder) Marks() []dsn.Mark {
	return []dsn.Mark{holding("From", "-owner@"), holding("Subject", mailmanRefuseSubject)}
}

func (d mailmanDecoder) Match(m *dsn.Message) bool {
	if !m.Header.Has(mailmanVersionField) {
		return false
	}
	return isMailmanRefusal(m) || isMailmanRejection(m)
}

// listOfSender returns a list's posting address from the address one of
// the list manager's notices came from (walkers-owner@host:
// walkers@host), given the suffixes that address may carry, or "".
func listOfSender(from string, suffixes ...string) string {
	at := strings.LastIndexByte(from, '@')
	if at <= 0 {
		return ""
	}
	local := from[:at]
	for _, s := range suffixes {
		if len(local) > len(s) && strings.EqualFold(local[len(local)-len(s):], s) {
			return dsn.Address(local[:len(local)-len(s)] + from[at:])
		}
	}
	return ""
}

// isMailmanRejection reports whether m has the layout of Mailman's
// rejection of a post: from the list's -owner address, a text part and
// the post attached under the notice's own Subject.
func isMailmanRejection(m *dsn.Message) bool {
	if m.MediaType() != "multipart/mixed" || len(m.Parts) < 2 || m.Parts[0].MediaType != "text/plain" {
		return false
	}
	if listOfSender(m.Header.Address("From"), "-owner") == "" || m.FindPart("message/rfc822") == nil {
		return false
	}
	orig, _ := m.Original()
	subject := mailtext.FoldSpace(m.Header.Text("Subject"))
	if orig.Subject == "" {
		// bounce_message's stand-in for a post without one.
		return strings.EqualFold(subject, "(no subject)")
	}
	return strings.EqualFold(subject, mailtext.FoldSpace(orig.Subject))
}

// isMailmanRefusal reports whether m is the moderator's refusal of a
// post (refuse.txt under its Subject, with the posting request line).
func isMailmanRefusal(m *dsn.Message) bool {
	if !mailtext.HasPrefixFold(m.Header.Text("Subject"), mailmanRefuseSubject) ||
		!mailtext.ContainsFold(m.Header.Text("Subject"), " rejected") {
		return false
	}
	if listOfSender(m.Header.Address("From"), mailmanSenderSuffixes...) == "" {
		return false
	}
	text := m.FindPart("text/plain")
	return text != nil && strings.Contains(text.Text(), mailmanRefusePosting) &&
		mailtext.ContainsFold(mailtext.FoldSpace(text.Text()), mailmanRefuseWords)
}

func (mailmanDecoder) Decode(m *dsn.Message) *dsn.Report {
	var list, diag string
	switch {
	case isMailmanRefusal(m):
		list = listOfSender(m.Header.Address("From"), mailmanSenderSuffixes...)
		diag = mailmanRefusalText(m.FindPart("text/plain").Text())
	case isMailmanRejection(m):
		list = listOfSender(m.Header.Address("From"), "-owner")
		diag = mailtext.FoldSpace(m.Parts[0].Text())
	default:
		return nil
	}
	if list == "" {
		return nil
	}
	r := &dsn.Report{}
	if !addRecipient(r, dsn.Recipient{Recipient: list, Action: dsn.ActionFailed, DiagnosticCode: mailtext.Truncate(diag, dsn.MaxDiagnosticBytes)}) {
		return nil
	}
	return deliveryReport(r)
}

// mailmanRefusalText returns the words of a moderator's refusal: the
// notice without the copy of the post that may follow it and without
// the post's Subject, which the request line quotes and which says
// nothing of the refusal.
func mailmanRefusalText(s string) string {
	if i := strings.Index(s, mailmanOriginalMark); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, mailmanRefusePosting); i >= 0 {
		rest := s[i+len(mailmanRefusePosting):]
		if j := strings.LastIndex(firstLine(rest), `"`); j >= 0 {
			s = s[:i+len(mailmanRefusePosting)] + rest[j:]
		}
	}
	return mailtext.FoldSpace(s)
}

// firstLine returns s up to its first line end.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return s[:i]
	}
	return s
}
