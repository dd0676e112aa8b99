// Package brokertest runs real message brokers in the test process, on
// loopback, for the tests of the stream sinks: NATS servers with JetStream
// (github.com/nats-io/nats-server/v2, the server itself, alone or as a
// three-node cluster) and a Kafka cluster (franz-go's kfake, which speaks
// the Kafka protocol and keeps its data in a directory). It is for tests
// only; the binary never links it.
package brokertest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// FreePort returns a loopback TCP port nothing listens on now.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("brokertest: free port: %v", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// NATS is one NATS server with JetStream, restartable on its port and
// store.
type NATS struct {
	t    testing.TB
	opts server.Options
	srv  *server.Server
}

// StartNATS starts a JetStream server on a free loopback port with its
// store in a temporary directory; it is shut down when the test ends.
// with, when given, changes the server's options first (TLS, users).
func StartNATS(t testing.TB, with ...func(*server.Options)) *NATS {
	t.Helper()
	n := &NATS{t: t, opts: server.Options{
		ServerName: "bm-test", Host: "127.0.0.1", Port: FreePort(t),
		JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true,
	}}
	for _, f := range with {
		f(&n.opts)
	}
	n.Start()
	t.Cleanup(n.Stop)
	return n
}

// Start starts the server (again), on the same port and store.
func (n *NATS) Start() {
	n.t.Helper()
	opts := n.opts
	srv, err := server.NewServer(&opts)
	if err != nil {
		n.t.Fatalf("brokertest: nats: %v", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(20 * time.Second) {
		n.t.Fatalf("brokertest: nats %s not ready", n.opts.ServerName)
	}
	n.srv = srv
}

// Stop shuts the server down (a no-op when it is down).
func (n *NATS) Stop() {
	if n.srv == nil {
		return
	}
	n.srv.Shutdown()
	n.srv.WaitForShutdown()
	n.srv = nil
}

// URL returns the server's client URL.
func (n *NATS) URL() string {
	if n.opts.TLSConfig != nil {
		return "tls://localhost:" + strconv.Itoa(n.opts.Port)
	}
	return "nats://127.0.0.1:" + strconv.Itoa(n.opts.Port)
}

// Name returns the server's name.
func (n *NATS) Name() string { return n.opts.ServerName }

// Running reports whether the server is up.
func (n *NATS) Running() bool { return n.srv != nil }

// Cluster starts size JetStream servers routed to each other on loopback,
// and returns them; they are shut down when the test ends.
func Cluster(t testing.TB, size int) []*NATS {
	t.Helper()
	cports := make([]int, size)
	var routes []string
	for i := range cports {
		cports[i] = FreePort(t)
		routes = append(routes, "nats://127.0.0.1:"+strconv.Itoa(cports[i]))
	}
	out := make([]*NATS, size)
	for i := range out {
		n := &NATS{t: t, opts: server.Options{
			ServerName: fmt.Sprintf("bm-n%d", i+1), Host: "127.0.0.1", Port: FreePort(t),
			JetStream: true, StoreDir: filepath.Join(t.TempDir(), "js"), NoLog: true, NoSigs: true,
			Cluster: server.ClusterOpts{Name: "bm-test", Host: "127.0.0.1", Port: cports[i]},
			Routes:  server.RoutesFromStr(strings.Join(routes, ",")),
		}}
		out[i] = n
		t.Cleanup(n.Stop)
	}
	// Start them together: each waits for its routes.
	done := make(chan struct{}, size)
	for _, n := range out {
		opts := n.opts
		srv, err := server.NewServer(&opts)
		if err != nil {
			t.Fatalf("brokertest: nats: %v", err)
		}
		n.srv = srv
		go func() { srv.Start(); done <- struct{}{} }()
	}
	for range out {
		<-done
	}
	for _, n := range out {
		if !n.srv.ReadyForConnections(30 * time.Second) {
			t.Fatalf("brokertest: nats %s not ready", n.Name())
		}
	}
	return out
}

// URLs returns the client URLs of servers, comma-separated.
func URLs(ns []*NATS) string {
	var out []string
	for _, n := range ns {
		out = append(out, n.URL())
	}
	return strings.Join(out, ",")
}

// connect connects to url (reconnecting while a cluster recovers) and
// returns the connection and its JetStream context.
func connect(t testing.TB, url string, opts ...nats.Option) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(url, append([]nats.Option{nats.MaxReconnects(-1)}, opts...)...)
	if err != nil {
		t.Fatalf("brokertest: connect: %v", err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		t.Fatalf("brokertest: jetstream: %v", err)
	}
	return nc, js
}

// Stream is the stream the docs ask operators to create.
var Stream = jetstream.StreamConfig{
	Name:       "BOUNCES",
	Subjects:   []string{"bounces.>"},
	Storage:    jetstream.FileStorage,
	Retention:  jetstream.LimitsPolicy,
	MaxAge:     30 * 24 * time.Hour,
	Duplicates: 10 * time.Minute,
}

// CreateStream creates Stream with replicas through url (with the client
// options opts: TLS, credentials), retrying while a new cluster elects its
// meta leader.
func CreateStream(t testing.TB, url string, replicas int, opts ...nats.Option) {
	t.Helper()
	nc, js := connect(t, url, opts...)
	defer nc.Close()
	cfg := Stream
	cfg.Replicas = replicas
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, err := js.CreateOrUpdateStream(ctx, cfg)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("brokertest: create stream: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// StreamMsg is one message read back from a stream.
type StreamMsg struct {
	Seq     uint64
	Subject string
	Header  nats.Header
	Data    []byte
}

// ReadStream returns every message of the BOUNCES stream, in order,
// through url with the client options opts (retrying while a cluster
// recovers).
func ReadStream(t testing.TB, url string, opts ...nats.Option) []StreamMsg {
	t.Helper()
	nc, js := connect(t, url, opts...)
	defer nc.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		out, err := readStream(js)
		if err == nil {
			return out
		}
		if time.Now().After(deadline) {
			t.Fatalf("brokertest: read stream: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func readStream(js jetstream.JetStream) ([]StreamMsg, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, Stream.Name)
	if err != nil {
		return nil, err
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, err
	}
	var out []StreamMsg
	if info.State.Msgs == 0 {
		return nil, nil
	}
	c, err := s.OrderedConsumer(ctx, jetstream.OrderedConsumerConfig{})
	if err != nil {
		return nil, err
	}
	for uint64(len(out)) < info.State.Msgs {
		batch, err := c.Fetch(500, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			return nil, err
		}
		n := 0
		for m := range batch.Messages() {
			md, err := m.Metadata()
			if err != nil {
				return nil, err
			}
			out = append(out, StreamMsg{Seq: md.Sequence.Stream, Subject: m.Subject(), Header: m.Headers(), Data: m.Data()})
			n++
		}
		if batch.Error() != nil {
			return nil, batch.Error()
		}
		if n == 0 {
			return nil, fmt.Errorf("brokertest: stream has %d messages, read %d", info.State.Msgs, len(out))
		}
	}
	return out, nil
}

// Kafka is a kfake cluster (the Kafka protocol, in process) restartable
// on its ports and data directory.
type Kafka struct {
	t     testing.TB
	ports []int
	dir   string
	c     *kfake.Cluster
	opts  []kfake.Opt
}

// Topic is the topic the Kafka tests produce to.
const Topic = "bounces"

// StartKafka starts a kfake cluster of brokers brokers on free loopback
// ports, persisting to a temporary directory, with Topic of partitions
// partitions; extra options (SASL users) follow.
func StartKafka(t testing.TB, brokers, partitions int, extra ...kfake.Opt) *Kafka {
	t.Helper()
	k := &Kafka{t: t, dir: t.TempDir()}
	for range brokers {
		k.ports = append(k.ports, FreePort(t))
	}
	k.opts = append([]kfake.Opt{kfake.NumBrokers(brokers), kfake.Ports(k.ports...), kfake.DataDir(k.dir),
		kfake.SeedTopics(int32(partitions), Topic)}, extra...)
	k.Start()
	t.Cleanup(k.Stop)
	return k
}

// Start starts the cluster (again) on the same ports and data.
func (k *Kafka) Start() {
	k.t.Helper()
	c, err := kfake.NewCluster(k.opts...)
	if err != nil {
		k.t.Fatalf("brokertest: kfake: %v", err)
	}
	k.c = c
}

// Stop closes the cluster (a no-op when it is down).
func (k *Kafka) Stop() {
	if k.c != nil {
		k.c.Close()
		k.c = nil
	}
}

// Brokers returns the seed brokers, comma-separated.
func (k *Kafka) Brokers() string {
	var out []string
	for _, p := range k.ports {
		out = append(out, "127.0.0.1:"+strconv.Itoa(p))
	}
	return strings.Join(out, ",")
}

// ReadTopic returns every record of Topic, each partition in order, with
// the client options extra (SASL).
func ReadTopic(t testing.TB, brokers string, extra ...kgo.Opt) []*kgo.Record {
	t.Helper()
	opts := append([]kgo.Opt{kgo.SeedBrokers(strings.Split(brokers, ",")...), kgo.ConsumeTopics(Topic),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()), kgo.FetchMaxWait(500 * time.Millisecond)}, extra...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatalf("brokertest: kafka client: %v", err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	end := endOffsets(t, ctx, cl)
	var out []*kgo.Record
	got := map[int32]int64{}
	done := func() bool {
		for p, e := range end {
			if got[p] < e {
				return false
			}
		}
		return true
	}
	for !done() {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("brokertest: read topic: %v (have %v of %v)", ctx.Err(), got, end)
		}
		fs.EachRecord(func(r *kgo.Record) {
			out = append(out, r)
			got[r.Partition] = r.Offset + 1
		})
	}
	return out
}

// endOffsets returns the next offset of each partition of Topic.
func endOffsets(t testing.TB, ctx context.Context, cl *kgo.Client) map[int32]int64 {
	t.Helper()
	for {
		offs, err := listEnd(ctx, cl)
		if err == nil {
			return offs
		}
		if ctx.Err() != nil {
			t.Fatalf("brokertest: end offsets: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// listEnd asks the cluster for Topic's partitions and their end offsets.
func listEnd(ctx context.Context, cl *kgo.Client) (map[int32]int64, error) {
	meta := kmsg.NewPtrMetadataRequest()
	mt := kmsg.NewMetadataRequestTopic()
	mt.Topic = kmsg.StringPtr(Topic)
	meta.Topics = append(meta.Topics, mt)
	mresp, err := meta.RequestWith(ctx, cl)
	if err != nil {
		return nil, err
	}
	if len(mresp.Topics) != 1 || mresp.Topics[0].ErrorCode != 0 {
		return nil, fmt.Errorf("brokertest: metadata of %s: %+v", Topic, mresp.Topics)
	}
	req := kmsg.NewPtrListOffsetsRequest()
	rt := kmsg.NewListOffsetsRequestTopic()
	rt.Topic = Topic
	for _, p := range mresp.Topics[0].Partitions {
		rp := kmsg.NewListOffsetsRequestTopicPartition()
		rp.Partition = p.Partition
		rp.Timestamp = -1 // the end
		rt.Partitions = append(rt.Partitions, rp)
	}
	req.Topics = append(req.Topics, rt)
	shards := cl.RequestSharded(ctx, req)
	out := map[int32]int64{}
	for _, sh := range shards {
		if sh.Err != nil {
			return nil, sh.Err
		}
		for _, t := range sh.Resp.(*kmsg.ListOffsetsResponse).Topics {
			for _, p := range t.Partitions {
				if p.ErrorCode != 0 {
					return nil, fmt.Errorf("brokertest: list offsets: partition %d: code %d", p.Partition, p.ErrorCode)
				}
				out[p.Partition] = p.Offset
			}
		}
	}
	return out, nil
}

// StreamLeader returns the name of the server leading the BOUNCES stream.
func StreamLeader(t testing.TB, url string) string {
	t.Helper()
	nc, js := connect(t, url)
	defer nc.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	s, err := js.Stream(ctx, Stream.Name)
	if err != nil {
		t.Fatalf("brokertest: stream: %v", err)
	}
	info, err := s.Info(ctx)
	if err != nil || info.Cluster == nil {
		t.Fatalf("brokertest: stream info: %v", err)
	}
	return info.Cluster.Leader
}

// TLS is a certificate authority and a server certificate for localhost
// and 127.0.0.1, made for one test.
type TLS struct {
	CAFile string      // the CA's certificate, PEM
	Server *tls.Config // the server's configuration
}

// NewTLS makes a CA and a server certificate signed by it, valid for an
// hour, and writes the CA's certificate to a file.
func NewTLS(t testing.TB) TLS {
	t.Helper()
	must := func(err error) {
		if err != nil {
			t.Fatalf("brokertest: tls: %v", err)
		}
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "brokertest CA"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	must(err)
	caCert, err := x509.ParseCertificate(caDER)
	must(err)
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	must(err)
	leaf := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "localhost"},
		NotBefore: time.Now().Add(-time.Minute), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, leaf, caCert, &key.PublicKey, caKey)
	must(err)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	must(os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}), 0o600))
	return TLS{CAFile: caFile, Server: &tls.Config{MinVersion: tls.VersionTLS12,
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}}
}
