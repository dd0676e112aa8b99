package lhost

import "strings"

// dragonFlyQualify completes the bare local name dma writes for a local
// recipient. dma's add_recp (corecode/dma dma.c) strips "@" plus the
// host's own name (or "localhost") from a recipient before queueing it, so
// a local delivery's notice reads "There was an error delivering your mail
// to <root>." and the notice's "This is the DragonFly Mail Agent ... at
// HOST." names that same host (mail.c bounce() prints hostname()). The
// address is therefore addr@HOST; without a host, or when addr already has
// a domain, addr comes back unchanged.
func dragonFlyQualify(addr, host string) string {
	if addr == "" || host == "" || strings.ContainsAny(addr, "@ \t") {
		return addr
	}
	return addr + "@" + host
}
