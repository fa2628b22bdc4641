// Command chart-check decodes every manifest of a rendered Helm chart (`helm template` output on
// stdin) strictly, as the Kubernetes API server would: a manifest whose kind is unknown, or that
// has a field its type lacks, or a field twice, fails. It prints one line per manifest on stderr,
// and on stdout a JSON report (every decoded object, every failure) for the tests to read. It
// exits 1 when any manifest fails or none was found.
package main

import (
	"bufio"
	"bytes"
	encodingjson "encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer/json"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/kubernetes/scheme"
)

func main() {
	types := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{scheme.AddToScheme, monitoringv1.AddToScheme} {
		if err := add(types); err != nil {
			fail(err)
		}
	}
	strict := json.NewSerializerWithOptions(json.DefaultMetaFactory, types, types,
		json.SerializerOptions{Yaml: true, Strict: true})

	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	report := struct {
		Manifests []runtime.Object `json:"manifests"`
		Failures  []string         `json:"failures"`
	}{Manifests: []runtime.Object{}, Failures: []string{}}
	for {
		document, err := reader.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fail(err)
		}
		if len(bytes.TrimSpace(stripComments(document))) == 0 {
			continue
		}
		object, kind, err := strict.Decode(document, nil, nil)
		source := sourceOf(document)
		if err != nil {
			failure := fmt.Sprintf("%s: %v", source, err)
			report.Failures = append(report.Failures, failure)
			fmt.Fprintf(os.Stderr, "FAIL %s\n", failure)
			continue
		}
		report.Manifests = append(report.Manifests, object)
		name := ""
		if accessor, ok := object.(interface{ GetName() string }); ok {
			name = accessor.GetName()
		}
		fmt.Fprintf(os.Stderr, "ok   %s %s/%s\n", kind.GroupVersion().String(), kind.Kind, name)
	}
	fmt.Fprintf(os.Stderr, "manifests %d, failed %d\n",
		len(report.Manifests)+len(report.Failures), len(report.Failures))
	if err := encodingjson.NewEncoder(os.Stdout).Encode(report); err != nil {
		fail(err)
	}
	if len(report.Failures) > 0 || len(report.Manifests) == 0 {
		os.Exit(1)
	}
}

// Helm writes "# Source: <template>" before each manifest: the name a failure should give.
func sourceOf(document []byte) string {
	for _, line := range strings.Split(string(document), "\n") {
		if strings.HasPrefix(line, "# Source: ") {
			return strings.TrimPrefix(line, "# Source: ")
		}
	}
	return "(manifest without a Source comment)"
}

func stripComments(document []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.Split(string(document), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			out.WriteString(line)
			out.WriteByte('\n')
		}
	}
	return out.Bytes()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}
