package lhost

import "strings"

// postfixTranscriptLines joins the lines Postfix wrapped in the transcript of
// its postmaster notice ("Postfix SMTP server: errors from ..."):
// smtpd_chat_notify() (postfix src/smtpd/smtpd_chat.c) writes each "In:  " or
// "Out: " entry through line_wrap() with a width of 78 and an indent of 4
// (src/util/line_wrap.c), and print_line() puts one space before every line,
// so a long reply such as reject_unverified_sender's, which quotes the
// probe's own result, goes on in lines that start with five spaces and
// neither "In:" nor "Out:". Each such line is joined to the entry it
// continues; a blank line ends the transcript ("Session aborted, reason:" and
// "For other details, see the local mail logfile" follow it and are never
// joined).
func postfixTranscriptLines(lines []string) []string {
	out := make([]string, 0, len(lines))
	inEntry := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "In:") || strings.HasPrefix(t, "Out:"):
			out = append(out, l)
			inEntry = true
		case inEntry && t != "" && strings.HasPrefix(l, "     "):
			out[len(out)-1] += " " + t
		default:
			out = append(out, l)
			inEntry = false
		}
	}
	return out
}
