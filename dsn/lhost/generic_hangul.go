package lhost

import "strings"

// isHangul reports whether r is a Hangul letter (syllables, Jamo and
// compatibility Jamo). Korean, unlike Japanese and Chinese, writes spaces
// between words (띄어쓰기, Korean orthography's word spacing), so a Korean
// line wraps at a space: flatten joins Korean lines with one, as it does
// ASCII ones, where it joins Japanese and Chinese lines with none. Naver's
// and Dooray!'s notices set every word of their intro on a line of its own
// ("님께\n보낸\n메일이\n전송되지\n못하였습니다.",
// https://github.com/sparcs-kaist/taxi-front/pull/80).
func isHangul(r rune) bool {
	return (r >= 0xAC00 && r <= 0xD7A3) || (r >= 0x1100 && r <= 0x11FF) || (r >= 0x3130 && r <= 0x318F)
}

// contactAfter are the Korean words that, right after an address, make it
// the address to write to with questions ("ADDR 으로 문의해 주시기
// 바랍니다", "please direct your questions to ADDR"), as Dooray!'s notice
// ends, not a failed recipient. 으로 follows a consonant, 로 a vowel.
var contactAfter = []string{"으로 문의", "로 문의"}

// namesContact reports whether the words after the address at sp of line
// i (on that line, else the next line) name it as the address to ask.
func namesContact(lines []string, i int, sp addrSpan) bool {
	after := strings.TrimLeft(lines[i][sp.end:], " \t>\"')")
	if after == "" && i+1 < len(lines) {
		after = strings.TrimLeft(lines[i+1], " \t")
	}
	for _, w := range contactAfter {
		if strings.HasPrefix(after, w) {
			return true
		}
	}
	return false
}
