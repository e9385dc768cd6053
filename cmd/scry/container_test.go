package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scrylabs/scry/formats/event"
	"github.com/scrylabs/scry/formats/scap"
)

const containerID = "3ad7b26ded6d8e7b23da7d48fe889434573036c27ae5a74837233de441c3601e"

// writeContainerCapture writes a capture whose process 300 runs in docker container
// 3ad7b26ded6d (described by a container event with kubernetes labels, mounts and a
// health check) and opens a file.
func writeContainerCapture(t *testing.T, path string) {
	t.Helper()
	w, err := scap.Create(path, scap.WriterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sec := &scap.Section{Processes: []scap.Process{{Tid: 300, Pid: 300, Ptid: 1, Comm: "nginx", Exe: "nginx",
		Cwd: "/", FDLimit: 1024, LoginUID: -1, Vtid: 1, Vpid: 1,
		Cgroups: []byte("cpu=/docker/" + containerID + "\x00")}}}
	if err := w.WriteSection(sec); err != nil {
		t.Fatal(err)
	}
	js := `{"container":{"Mounts":[{"Destination":"/data","Mode":"","Propagation":"rprivate","RW":true,"Source":"/srv/data"},` +
		`{"Destination":"/etc/conf","Mode":"ro","Propagation":"rprivate","RW":false,"Source":"/srv/conf"}],` +
		`"Healthcheck":{"args":["-f","http://localhost/"],"exe":"curl"},` +
		`"id":"3ad7b26ded6d","image":"nginx:1.25","imagedigest":"sha256:abc","imageid":"0123456789ab","imagerepo":"nginx","imagetag":"1.25",` +
		`"ip":"172.17.0.2","is_pod_sandbox":false,"labels":{"io.kubernetes.pod.name":"web-0","io.kubernetes.pod.namespace":"shop","io.kubernetes.pod.uid":"u-1"},` +
		`"lookup_state":1,"name":"k8s_web","privileged":true,"type":0}}` + "\n"
	evs := [][]byte{
		event.Append(nil, 500, -1, 324, append([]byte(js), 0)),
		event.Append(nil, 1000, 300, 2, event.CStr("/data/x"), event.U32(1), event.U32(0)),
		event.Append(nil, 1100, 300, 3, event.I64(5), event.CStr("/data/x"), event.U32(1), event.U32(0), event.U32(0)),
	}
	for i, raw := range evs {
		ev := event.Event{Raw: raw, Num: uint64(i + 1)}
		if err := w.WriteEvent(&ev); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestReadContainerFields(t *testing.T) {
	path := filepath.Join(t.TempDir(), "container.scap")
	if out := os.Getenv("SCRY_CONTAINER_CAPTURE"); out != "" {
		path = out // keep the capture to compare with sysdig by hand
	}
	writeContainerCapture(t, path)
	format := "%evt.num|%container.id|%container.name|%container.type|%container.image|%container.image.tag|" +
		"%container.privileged|%container.mounts|%container.mount[1]|%container.mount.dest[/srv/d*]|%container.mount.source[/etc/*]|" +
		"%container.healthcheck|%container.liveness_probe|%k8s.pod.name|%k8s.ns.name|%k8s.pod.id|%fd.containername|%thread.vtid"
	got := readLines(t, readOptions{file: path, format: format}, "evt.num=3")
	// What sysdig 0.29.3 prints for this capture.
	want := "3|3ad7b26ded6d|k8s_web|docker|nginx:1.25|1.25|true|/srv/data:/data::true:rprivate,/srv/conf:/etc/conf:ro:false:rprivate|" +
		"/srv/conf:/etc/conf:ro:false:rprivate|/data|/srv/conf|curl -f http://localhost/|NONE|web-0|shop|u-1|3ad7b26ded6d:/data/x|1"
	if strings.Join(got, "\n") != want {
		t.Errorf("container fields:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	// -pc with -t a (an unpadded fraction), as sysdig prints it.
	got = readLines(t, readOptions{file: path, format: "c", timeMode: "a"}, "")
	if len(got) != 2 || got[1] != "3 0.1100 0 k8s_web (3ad7b26ded6d) nginx (300:1) < open fd=5(<f>/data/x) name=/data/x flags=1(O_RDONLY) mode=0 dev=0 " {
		t.Errorf("-pc lines = %q", got)
	}
}
