package main

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The README's quality figures are what make corpus-score prints: its
// table line for line, the corpus sizes, the onhold share and the number of
// disagreeing rows. When the classifier changes, run make corpus-score and
// paste.
func TestReadmeQualityFigures(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, report(&out, "../../../testdata/corpus"))
	readme, err := os.ReadFile("../../../README.md")
	require.NoError(t, err)
	text := string(readme)
	flat := strings.Join(strings.Fields(text), " ")
	lines := strings.Split(out.String(), "\n")
	table := 0
	for _, line := range lines {
		if strings.HasPrefix(line, "| ") && !strings.HasPrefix(line, "| slice") {
			table++
			assert.True(t, strings.Contains(text, line+"\n"), "README's quality table lacks %q: run make corpus-score and paste its table", line)
		}
	}
	assert.Equal(t, 4, table)
	head := regexp.MustCompile(`(\d+) bounces, (\d+) labelled recipients, each table row also over the (\d+) CR \(mac/\) and (\d+) CRLF`).
		FindStringSubmatch(out.String())
	require.NotNil(t, head)
	inReadme(t, flat, head[1]+" bounces, "+head[2]+" labelled recipients, each row also over the "+head[3]+" CR and "+head[4]+" CRLF copies")
	onhold := regexp.MustCompile(`verdicts onhold \(([0-9.]+%)\)`).FindStringSubmatch(out.String())
	require.NotNil(t, onhold)
	inReadme(t, flat, onhold[1]+" of the verdicts are `onhold`")
	dis := regexp.MustCompile(`over the whole corpus \((\d+) rows\)`).FindStringSubmatch(out.String())
	require.NotNil(t, dis)
	inReadme(t, flat, "disagreements ("+dis[1]+" rows over the whole corpus")
}

// inReadme checks that the README, its white space collapsed, says want.
func inReadme(t *testing.T, flat, want string) {
	t.Helper()
	assert.True(t, strings.Contains(flat, want), "README does not say %q, as make corpus-score does", want)
}
