package lhost

import (
	"sort"
	"strings"

	"github.com/bounce-milter/bounce-milter/dsn"
	"github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"
)

// notBounceDecoder recognises automatic mail that looks like a bounce and
// is not one, and reports it as such (a Report of Kind NotBounce, with a
// note saying what it is), before any other decoder takes it for a
// failure or an auto-reply:
//
//   - challenge-response requests: a filter holding the message until the
//     sender proves to be a person (Boxbe, TMDA, Bluebottle). The message
//     is neither delivered nor refused; the sender is asked to act.
//   - a mailing list manager's notice to a member about the member's own
//     bounces (Mailman's probe, Courier's mailing list warning): it is
//     addressed to the address that bounced and attaches the bounce, so
//     it carries a delivery-status part, but it is a message to that
//     member, not a report that a message to them failed.
//   - mail from a ticket system (RT, OTRS, Zendesk): the acknowledgement
//     that a request was received, or a ticket's update. It says the
//     message reached a support desk, and nothing about a person's
//     absence, so it is not an auto-reply (RFC 3834's vacation notice)
//     even when it carries Auto-Submitted: auto-replied.
//
// A quota warning sent to a mailbox's owner ("your mailbox is almost
// full") needs no rule here: it names no failed delivery, so no decoder
// reads it (TestNotBounces checks).
//
// A message with a delivery-status, feedback-report or
// disposition-notification part is left to the decoders of those
// reports, whoever sent it.
type notBounceDecoder struct{}

// NotBounce is the name of the decoder of automatic mail that is not a
// bounce: Report.Decoder of the NotBounce reports it makes.
const NotBounce dsn.DecoderName = "NotBounce"

func (notBounceDecoder) Name() dsn.DecoderName { return NotBounce }

// Marks returns no marks: the decoder makes no bounce, so the pre-filter
// need not let its messages through.
func (notBounceDecoder) Marks() []dsn.Mark { return nil }

// notBounceRule is one kind of automatic mail that is not a bounce,
// known by its header fields (any one of them) or by a phrase of its text
// (any one of them).
type notBounceRule struct {
	what string // what the message is, for the report's note
	// challenge marks a challenge-response request, which may come as a
	// delivery status notification; attaches marks a notice that carries
	// a bounce as an attachment. Both are told apart from the standard
	// report they contain.
	challenge, attaches bool
	headers             []dsn.Mark // header fields only this software writes
	phrases             []string   // words of its text, matched ignoring ASCII case
	// unless, when set, tells the software's refusals of a message it
	// took in (app_refusals_tickets.go) from the rest of its mail: those are
	// bounces, and are left to their decoder.
	unless func(m *dsn.Message) bool
	source string
}

// notBounceRules are the automatic mail that is not a bounce.
var notBounceRules = []notBounceRule{
	{
		what:      "challenge-response request (TMDA)",
		challenge: true,
		headers:   []dsn.Mark{holding("X-Delivery-Agent", "TMDA")},
		source:    "Mail-DeliveryStatus-BounceParser 1.543: lib/Mail/DeliveryStatus/BounceParser.pm",
	},
	{
		what:      "challenge-response request (Bluebottle)",
		challenge: true,
		phrases:   []string{"This account is protected by Bluebottle"},
		source:    "Mail-DeliveryStatus-BounceParser 1.543: lib/Mail/DeliveryStatus/BounceParser.pm (with X-Bluebottle-Request)",
	},
	{
		what:      "challenge-response request",
		challenge: true,
		phrases: []string{
			"Your server requires confirmation",
			"Please add yourself to my Boxbe Guest List",
			"to confirm that you're listed on my Boxbe Guest List",
		},
		source: "Mail-DeliveryStatus-BounceParser 1.543: lib/Mail/DeliveryStatus/BounceParser.pm",
	},
	{
		what:     "a mailing list's probe of a member, with a bounce attached (Mailman)",
		attaches: true,
		headers:  []dsn.Mark{holding("Subject", "mailing list probe message")},
		phrases:  []string{"has received a number of bounces from you"},
		source:   "mailman 3.3.10: src/mailman/app/bounces.py (send_probe: Subject \"${display_name} mailing list probe message\") and src/mailman/templates/en/list:user:notice:probe.txt",
	},
	{
		what:     "a mailing list's warning to a member, with the bounces attached (Courier)",
		attaches: true,
		headers:  []dsn.Mark{holding("Subject", "Mailing list warning")},
		phrases:  []string{"There have been problems delivering messages to you from this mailing list"},
		source:   "Courier 1.4.1: courier/cmlmbounce.C with courier/warn1headers.tmpl and courier/warn1text.tmpl",
	},
	{
		what: "ticket system mail (RT)",
		headers: []dsn.Mark{
			present("X-RT-Loop-Prevention"), present("RT-Ticket"), present("X-RT-Ticket"),
		},
		phrases: []string{"This message has been automatically generated in response to the creation of a trouble ticket"},
		source:  "bestpractical/rt:lib/RT/Action/SendEmail.pm (SetRTSpecialHeaders); the AutoReply template of bestpractical/rt:etc/initialdata",
		unless:  func(m *dsn.Message) bool { return decodes(rtDecoder{}, m) },
	},
	{
		what:    "ticket system mail (OTRS)",
		headers: []dsn.Mark{holding("X-Powered-By", "OTRS"), holding("X-Mailer", "OTRS Mail Service")},
		source:  "OTRS/otrs:Kernel/System/Email.pm (X-Mailer \"$Product Mail Service ($Version)\", X-Powered-By)",
		unless:  func(m *dsn.Message) bool { return decodes(otrsDecoder{}, m) },
	},
	{
		what:    "ticket system mail (Zendesk)",
		headers: []dsn.Mark{present("X-Zendesk-From-Account-Id"), holding("X-Mailer", "Zendesk Mailer")},
		phrases: []string{"has been received, and is being reviewed by our support staff"},
		source:  "Zendesk help, \"Considerations regarding email headers\" (headers kept on outbound mail) and the default trigger \"Notify requester and CCs of received request\"",
	},
}

// Match reports whether m has a header field of one of the rules, or comes
// from a mail system (whose challenges the rules' phrases find), or is an
// auto-reply (a ticket system's acknowledgement may look like one).
func (notBounceDecoder) Match(m *dsn.Message) bool {
	for _, r := range notBounceRules {
		if m.HasAnyMark(r.headers) {
			return true
		}
	}
	return m.HasAnyMark(senderMarks) || dsn.AutoReplyDecoder{}.Match(m)
}

// Decode returns a NotBounce report when m is one of the rules' mail.
func (notBounceDecoder) Decode(m *dsn.Message) *dsn.Report {
	// A standard report is left to its decoder, whoever sent it, unless it
	// is a challenge: Boxbe sends its requests as delivery status
	// notifications.
	standard := m.DeliveryStatusPart() != nil || m.FindPart("message/feedback-report", "message/disposition-notification") != nil
	if standard && boxbeNotice(m) {
		return notBounce("challenge-response request (Boxbe)")
	}
	var text, raw string
	for i, r := range notBounceRules {
		if standard && !r.challenge && !r.attaches {
			continue
		}
		if r.unless != nil && r.unless(m) {
			continue
		}
		if !r.attaches && m.HasAnyMark(r.headers) {
			return notBounce(r.what)
		}
		if r.attaches && !m.HasAnyMark(r.headers) {
			continue // its Subject and its words together
		}
		if len(r.phrases) == 0 {
			continue
		}
		if raw == "" {
			raw = genericText(m)
		}
		if !mayHoldAny(raw, notBounceWords[i]) {
			continue // the text cannot hold the rule's phrases: spare flattening it
		}
		if text == "" {
			lines := textLines(raw)
			text = flatten(lines, 0, originalStart(lines)).text
		}
		if i, _ := mailtext.IndexFoldAny(text, r.phrases...); i >= 0 {
			return notBounce(r.what)
		}
	}
	return nil
}

// notBounceWords holds, per rule and phrase, the phrase's words of ASCII
// letters, longest first. A phrase found in the flattened text has each
// of them on one line of the text flatten reads (flattening folds white
// space and leaves lines out; it never joins two words of ASCII letters),
// so a text missing one of a phrase's words cannot hold the phrase.
var notBounceWords = func() [][][]string {
	out := make([][][]string, len(notBounceRules))
	for i, r := range notBounceRules {
		for _, p := range r.phrases {
			words := strings.FieldsFunc(p, func(c rune) bool { return c > 0x7f || !mailtext.IsLetter(byte(c)) })
			sort.SliceStable(words, func(a, b int) bool { return len(words[a]) > len(words[b]) })
			out[i] = append(out[i], words)
		}
	}
	return out
}()

// mayHoldAny reports whether text has every word of one of the phrases.
func mayHoldAny(text string, phrases [][]string) bool {
	for _, words := range phrases {
		all := true
		for _, w := range words {
			if mailtext.IndexFold(text, w) < 0 {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// boxbeNoticeType is the Diagnostic-Code type of Boxbe's challenges.
const boxbeNoticeType = "X-Boxbe-Notice"

func notBounce(what string) *dsn.Report {
	r := &dsn.Report{Kind: dsn.NotBounce}
	r.AddNote("not a bounce: " + what)
	return r
}

// boxbeNotice reports whether m's delivery-status part is Boxbe's
// challenge: its Diagnostic-Code type is X-Boxbe-Notice, as Boxbe's
// requests write it (published in Mail-DeliveryStatus-BounceParser
// 1.543: t/corpus/boxbe-cr.msg).
func boxbeNotice(m *dsn.Message) bool {
	p := m.DeliveryStatusPart()
	if p == nil || mailtext.IndexFold(p.Body, boxbeNoticeType) < 0 {
		return false // without the type's name, no field can have it
	}
	for _, g := range dsn.ParseFields(p.Body, 8) {
		typ, _ := dsn.SplitTyped(g.Get("Diagnostic-Code"))
		if strings.EqualFold(typ, boxbeNoticeType) {
			return true
		}
	}
	return false
}
