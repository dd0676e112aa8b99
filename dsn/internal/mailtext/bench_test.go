package mailtext

import (
	"strings"
	"testing"
)

// benchText is a report-sized text with the needle near its end.
var benchText = strings.Repeat("Received: from mx.example.org (mx.example.org [192.0.2.1]) by relay.example.net\n", 60) +
	"Content-Type: message/delivery-status\n"

func BenchmarkIndexFold(b *testing.B) {
	raw := []byte(benchText)
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		if IndexFold(benchText, "delivery-status") < 0 || IndexFold(raw, "Delivery-Status") < 0 {
			b.Fatal("not found")
		}
	}
}
