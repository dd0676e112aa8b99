package dsn

import "github.com/bounce-milter/bounce-milter/dsn/internal/mailtext"

// postfixGreetingRefusal is Postfix's wording for a remote server that
// refused the session at its greeting: "host <mx>[<ip>] refused to talk
// to me: <reply>" (postfix/src/smtp/smtp_proto.c, smtp_helo(), where the
// server's first reply is not 2XX); every later refusal is "host <mx>
// said: <reply> (in reply to <command> command)". Postfix writes it in the
// human-readable part of its reports, not in Diagnostic-Code.
const postfixGreetingRefusal = "refused to talk to me:"

// greetingCommand returns CommandCONN where folded (white space folded)
// carries postfixGreetingRefusal, else "".
func greetingCommand(folded string) string {
	if mailtext.IndexFold(folded, postfixGreetingRefusal) >= 0 {
		return CommandCONN
	}
	return ""
}
