// Renders the Istio sidecar injector templates of common/istio (ConfigMap istio-sidecar-injector)
// with Go's text/template and sprig, as istiod does, for the test cases given on stdin, and prints
// the results as JSON. Used by tests/platform/istio-injector.test.ts when a Go toolchain and sprig
// are installed (Debian: golang-go, golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev);
// run in GOPATH mode: GO111MODULE=off GOPATH=/usr/share/gocode go run render.go < cases.json
//
// The template data and the extra functions mirror istiod's (pkg/kube/inject): the field names,
// the types the functions accept, and the types of the values they are given, so that a template
// calling a function with the wrong kind of argument fails here as it would in istiod.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

type ObjectMeta struct {
	Name        string            `json:"name"`
	Namespace   string            `json:"namespace"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
}

type TypeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

type ContainerPort struct {
	Name          string `json:"name,omitempty"`
	ContainerPort int32  `json:"containerPort"`
	Protocol      string `json:"protocol,omitempty"`
}

type Container struct {
	Name  string          `json:"name"`
	Image string          `json:"image"`
	Ports []ContainerPort `json:"ports"`
}

type PodSpec struct {
	Containers     []Container `json:"containers"`
	InitContainers []Container `json:"initContainers"`
}

// InterceptionMode prints as its name, like istiod's protobuf enum.
type InterceptionMode int32

func (m InterceptionMode) String() string {
	return [...]string{"REDIRECT", "TPROXY", "NONE"}[m]
}

type ProxyConfig struct {
	DiscoveryAddress string            `json:"discoveryAddress"`
	InterceptionMode InterceptionMode  `json:"interceptionMode"`
	ProxyMetadata    map[string]string `json:"proxyMetadata,omitempty"`
}

type MeshConfig struct {
	TrustDomain            string
	ProxyListenPort        int32
	ProxyInboundListenPort int32
}

type Data struct {
	TypeMeta       TypeMeta
	DeploymentMeta ObjectMeta
	ObjectMeta     ObjectMeta
	Spec           PodSpec
	ProxyConfig    *ProxyConfig
	MeshConfig     *MeshConfig
	Values         map[string]any
	Revision       string
	ProxyImage     string
}

type Case struct {
	Name           string            `json:"name"`
	Template       string            `json:"template"`
	Env            map[string]string `json:"env"`
	TypeMeta       TypeMeta          `json:"typeMeta"`
	DeploymentMeta ObjectMeta        `json:"deploymentMeta"`
	ObjectMeta     ObjectMeta        `json:"objectMeta"`
	Spec           PodSpec           `json:"spec"`
	ProxyMetadata  map[string]string `json:"proxyMetadata"`
}

type Input struct {
	Templates map[string]string `json:"templates"`
	Values    string            `json:"values"`
	Cases     []Case            `json:"cases"`
}

type Result struct {
	Rendered string `json:"rendered"`
	Error    string `json:"error,omitempty"`
}

var env = map[string]string{}

func funcs() template.FuncMap {
	f := sprig.TxtFuncMap()
	extra := template.FuncMap{
		"isset": func(m map[string]string, key string) bool { _, ok := m[key]; return ok },
		"annotation": func(meta ObjectMeta, name string, def any) string {
			if v, ok := meta.Annotations[name]; ok {
				return v
			}
			return fmt.Sprint(def)
		},
		"valueOrDefault": func(v any, def any) any {
			if v == "" || v == nil {
				return def
			}
			return v
		},
		"env": func(key, def string) string {
			if v, ok := env[key]; ok && v != "" {
				return v
			}
			return def
		},
		"protoToJSON":  func(v *ProxyConfig) string { b, _ := json.Marshal(v); return string(b) },
		"structToJSON": func(v any) string { b, _ := json.Marshal(v); return string(b) },
		"toJSON":       func(m map[string]string) string { b, _ := json.Marshal(m); return string(b) },
		"fromJSON": func(s string) any {
			var v any
			_ = json.Unmarshal([]byte(s), &v)
			return v
		},
		"toYaml": func(v any) string { b, _ := yaml.Marshal(v); return strings.TrimSuffix(string(b), "\n") },
		"indent": func(n int, s string) string {
			pad := strings.Repeat(" ", n)
			return pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		},
		"directory": path.Dir,
		"contains":  func(needle, haystack string) bool { return strings.Contains(haystack, needle) },
		"toLower":   strings.ToLower,
		"excludeInboundPort": func(port any, excluded string) string {
			p := fmt.Sprint(port)
			if excluded == "" {
				return p
			}
			return p + "," + excluded
		},
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

func main() {
	var in Input
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	var values map[string]any
	if err := json.Unmarshal([]byte(in.Values), &values); err != nil {
		panic(err)
	}
	global := values["global"].(map[string]any)
	proxyImage := fmt.Sprintf("%s/%s:%s", global["hub"], global["proxy"].(map[string]any)["image"], global["tag"])
	out := map[string]Result{}
	for _, c := range in.Cases {
		env = c.Env
		text, ok := in.Templates[c.Template]
		if !ok {
			out[c.Name] = Result{Error: "no template " + c.Template}
			continue
		}
		t, err := template.New("inject").Funcs(funcs()).Parse(text)
		if err != nil {
			out[c.Name] = Result{Error: "parse: " + err.Error()}
			continue
		}
		mode := InterceptionMode(0)
		data := Data{
			TypeMeta: c.TypeMeta, DeploymentMeta: c.DeploymentMeta, ObjectMeta: c.ObjectMeta, Spec: c.Spec,
			ProxyConfig: &ProxyConfig{DiscoveryAddress: "istiod.istio-system.svc:15012", InterceptionMode: mode, ProxyMetadata: c.ProxyMetadata},
			MeshConfig:  &MeshConfig{TrustDomain: "cluster.local"},
			Values:      values, Revision: "default", ProxyImage: proxyImage,
		}
		var buf bytes.Buffer
		if err := t.Execute(&buf, data); err != nil {
			out[c.Name] = Result{Rendered: buf.String(), Error: "execute: " + err.Error()}
			continue
		}
		out[c.Name] = Result{Rendered: buf.String()}
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	_ = enc.Encode(out)
}
