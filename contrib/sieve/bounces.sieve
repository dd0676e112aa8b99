# bounces.sieve: file the bounces bounce-milter stamped into folders by
# kind and reason (Dovecot Pigeonhole; RFC 5228, 5229, 5490). Use it as a
# user's script (~/.dovecot.sieve) or globally (sieve_before).
#
#   Bounces.Hard.<reason>    hard bounces, e.g. Bounces.Hard.userunknown
#   Bounces.Soft.<reason>    other failures, e.g. Bounces.Soft.mailboxfull
#   Bounces.Complaints       feedback-loop complaints (ARF)
#   Bounces.Auto-Replies     vacation and out-of-office replies
#   Bounces.Delivered        delivery notices and read receipts
#
# The reason is the first X-Bounce-Reason header: the first recipient's.
# bounce-milter removes X-Bounce-* headers that arrive from outside, so
# these headers can be trusted. If your namespace's hierarchy separator is
# "/" rather than Maildir++'s ".", change "sep" below. With the default
# prefix changed (serve --header-prefix), change the header names too.
require ["fileinto", "mailbox", "variables", "regex"];

set "sep" ".";

if header :is "X-Bounce-Kind" "auto-reply" {
  fileinto :create "Bounces${sep}Auto-Replies";
  stop;
}
if header :is "X-Bounce-Kind" "feedback" {
  fileinto :create "Bounces${sep}Complaints";
  stop;
}
if header :is "X-Bounce-Kind" ["delivery-notice", "read-receipt"] {
  fileinto :create "Bounces${sep}Delivered";
  stop;
}

set "class" "";
if header :is "X-Bounce-Kind" "hard-bounce" {
  set "class" "Hard";
} elsif header :is "X-Bounce-Kind" "soft-bounce" {
  set "class" "Soft";
}
if string :is "${class}" "" {
  # not stamped: ordinary mail
  keep;
  stop;
}

# The reason is a lower-case token (a-z); anything else goes to "undefined".
set "reason" "undefined";
if header :regex "X-Bounce-Reason" "^([a-z]+)$" {
  set "reason" "${1}";
}
fileinto :create "Bounces${sep}${class}${sep}${reason}";
