package sink_test

import (
	"slices"
	"testing"
	"time"

	"github.com/bounce-milter/bounce-milter/internal/brokertest"
	"github.com/bounce-milter/bounce-milter/sink"
)

// BenchmarkSinks measures, for each sink alone and all three together,
// what the sinks add to the milter's answer at the end of a message (the
// Submit that spools a bounce's event before the milter answers, from 16
// sessions at once: p50 and p99) and how fast the sink drains (events per
// second from the first Submit to an empty queue). Run it with a fixed
// count: go test -run '^$' -bench BenchmarkSinks -benchtime 2000x ./sink/
func BenchmarkSinks(b *testing.B) {
	for _, tc := range []struct {
		name  string
		sinks func(b *testing.B) []sink.Config
	}{
		{"webhook", func(b *testing.B) []sink.Config {
			return []sink.Config{webhookSink(b, newReceiver(b, nil).srv.URL)}
		}},
		{"nats", func(b *testing.B) []sink.Config {
			ns := brokertest.StartNATS(b)
			brokertest.CreateStream(b, ns.URL(), 1)
			return []sink.Config{natsSink(b, ns.URL())}
		}},
		{"kafka", func(b *testing.B) []sink.Config {
			return []sink.Config{kafkaSink(b, brokertest.StartKafka(b, 1, 4).Brokers())}
		}},
		{"all", func(b *testing.B) []sink.Config {
			ns := brokertest.StartNATS(b)
			brokertest.CreateStream(b, ns.URL(), 1)
			return []sink.Config{webhookSink(b, newReceiver(b, nil).srv.URL), natsSink(b, ns.URL()),
				kafkaSink(b, brokertest.StartKafka(b, 1, 4).Brokers())}
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r := newRig(b, nil, tc.sinks(b)...)
			b.ResetTimer()
			start := time.Now()
			lat := submitMany(b, r.hub, b.N)
			for _, q := range r.sp.Queues() {
				for q.Stats().Queued > 0 {
					time.Sleep(time.Millisecond)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "submit-p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "submit-p99-ms")
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "drained-events/s")
			b.ReportMetric(0, "ns/op")
		})
	}
}
