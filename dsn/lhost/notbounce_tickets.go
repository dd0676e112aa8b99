package lhost

import "github.com/bounce-milter/bounce-milter/dsn"

// More ticket systems whose mail is not a bounce (notBounceRules): their
// acknowledgement of a new ticket is marked as an automatic reply
// (osTicket writes Auto-Submitted: auto-replied, X-Autoreply: yes and
// Precedence: auto_reply on it), yet it says that a request reached a
// support desk, not that a person is away. Each is known by the X-Mailer
// (and X-Powered-By) its mailer writes on every message; the software's
// own refusals (app_refusals_devtools.go) are left to their decoders.
//
// The rules carry header fields only: notBounceWords is built from the
// table before this init runs, and a rule without phrases never reads it.
func init() {
	notBounceRules = append(notBounceRules,
		notBounceRule{
			what:    "ticket system mail (osTicket)",
			headers: []dsn.Mark{holding("X-Mailer", "osTicket Mailer")},
			source:  "osTicket/osTicket:include/class.mailer.php (send: 'X-Mailer' => 'osTicket Mailer'; the autoreply option adds Precedence: auto_reply, X-Autoreply: yes, Auto-Submitted: auto-replied)",
			unless:  func(m *dsn.Message) bool { return decodes(osTicketDecoder{}, m) },
		},
		notBounceRule{
			what:    "ticket system mail (Zammad)",
			headers: []dsn.Mark{holding("X-Powered-By", "Zammad"), holding("X-Mailer", "Zammad Mail Service")},
			source:  "zammad/zammad:app/models/channel/email_build.rb (X-Powered-By: Zammad - Helpdesk/Support (https://zammad.org/); X-Mailer: Zammad Mail Service)",
			unless:  func(m *dsn.Message) bool { return decodes(zammadDecoder{}, m) },
		},
	)
}
