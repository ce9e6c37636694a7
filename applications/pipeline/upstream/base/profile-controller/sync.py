"""Kubeflow Pipelines profile controller: the sync hook of a Metacontroller DecoratorController.

Metacontroller POSTs {"object": <Namespace>, "attachments": {...}} to /sync for every namespace
labelled pipelines.kubeflow.org/enabled=true (profile namespaces). The reply lists the objects
that namespace needs for pipelines ("attachments"; Metacontroller creates, updates and deletes
them) and a readiness status:

  ConfigMap kfp-launcher                 defaultPipelineRoot of KFP v2 runs in the namespace
  ConfigMap metadata-grpc-configmap      where ML Metadata is (read by the launcher)
  Secret mlpipeline-minio-artifact       S3 credentials of the namespace's pipeline pods
  Deployment/Service ml-pipeline-visualizationserver, with an mTLS DestinationRule and an
                                         AuthorizationPolicy (Istio) unless the sidecar is off
  Deployment/Service ml-pipeline-ui-artifact   only with ARTIFACTS_PROXY_ENABLED=true

S3 credentials: by default each namespace gets its own SeaweedFS identity (IAM API: CreateUser,
PutUserPolicy, CreateAccessKey, signed with the admin key), allowed only under
private-artifacts/<namespace>/ of the bucket, where Argo and the KFP launcher write that
namespace's artifacts. An existing Secret is kept (Metacontroller only re-creates it once it is
deleted; deleting it rotates the key). S3_PER_NAMESPACE_CREDENTIALS=false copies the admin
credentials instead (e.g. MinIO without an IAM API). With ARTIFACT_RETENTION_DAYS > 0 a bucket
lifecycle rule expires the namespace's artifacts after that many days.

Settings (environment): KFP_VERSION, AWS_ENDPOINT_URL (IAM API), S3_ENDPOINT_URL, AWS_REGION,
AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (admin), KFP_DEFAULT_PIPELINE_ROOT,
ARTIFACTS_PROXY_ENABLED, ARTIFACT_RETENTION_DAYS, DISABLE_ISTIO_SIDECAR; optional S3_BUCKET,
S3_PER_NAMESPACE_CREDENTIALS, METADATA_GRPC_SERVICE_HOST/PORT, KFP_NAMESPACE,
VISUALIZATION_SERVER_IMAGE/TAG, FRONTEND_IMAGE/TAG, CONTROLLER_PORT. Standard library only.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ENABLED_LABEL = "pipelines.kubeflow.org/enabled"
MANAGED_BY = {"app.kubernetes.io/managed-by": "kubeflow-pipelines-profile-controller"}
S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/"


def _bool(value, default=False):
    if value is None or value == "":
        return default
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def settings_from_env(env=None):
    """Every setting the hook uses, from the environment (defaults as the platform installs it)."""
    env = os.environ if env is None else env
    version = env.get("KFP_VERSION") or "2.15.0"
    try:
        retention = int(env.get("ARTIFACT_RETENTION_DAYS") or "-1")
    except ValueError:
        retention = -1
    return {
        "kfp_version": version,
        "kfp_namespace": env.get("KFP_NAMESPACE") or "kubeflow",
        "iam_endpoint": env.get("AWS_ENDPOINT_URL") or "http://seaweedfs.kubeflow:8111",
        "s3_endpoint": env.get("S3_ENDPOINT_URL") or "http://seaweedfs.kubeflow:8333",
        "region": env.get("AWS_REGION") or "us-east-1",
        "admin_key": env.get("AWS_ACCESS_KEY_ID") or env.get("MINIO_ACCESS_KEY") or "",
        "admin_secret": env.get("AWS_SECRET_ACCESS_KEY") or env.get("MINIO_SECRET_KEY") or "",
        "bucket": env.get("S3_BUCKET") or "mlpipeline",
        "per_namespace": _bool(env.get("S3_PER_NAMESPACE_CREDENTIALS"), True),
        "default_pipeline_root": env.get("KFP_DEFAULT_PIPELINE_ROOT") or "",
        "artifacts_proxy": _bool(env.get("ARTIFACTS_PROXY_ENABLED")),
        "retention_days": retention,
        "disable_istio_sidecar": _bool(env.get("DISABLE_ISTIO_SIDECAR")),
        "mlmd_host": env.get("METADATA_GRPC_SERVICE_HOST") or "metadata-grpc-service.kubeflow",
        "mlmd_port": env.get("METADATA_GRPC_SERVICE_PORT") or "8080",
        "visualization_image": "%s:%s" % (
            env.get("VISUALIZATION_SERVER_IMAGE") or "ghcr.io/kubeflow/kfp-visualization-server",
            env.get("VISUALIZATION_SERVER_TAG") or version),
        "frontend_image": "%s:%s" % (
            env.get("FRONTEND_IMAGE") or "ghcr.io/kubeflow/kfp-frontend",
            env.get("FRONTEND_TAG") or version),
        "port": int(env.get("CONTROLLER_PORT") or "8080"),
    }


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def b64(text):
    return base64.b64encode(text.encode()).decode()


# --- AWS Signature V4 requests to SeaweedFS (IAM and S3 APIs) ---------------------------------

def _hmac(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def signed_request(cfg, service, method, url, body=b"", query="", extra_headers=None):
    """Sends one request signed with the admin key; returns (status, body bytes)."""
    parsed = urllib.parse.urlparse(url)
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = {"host": parsed.netloc, "x-amz-date": amz_date, "x-amz-content-sha256": payload_hash}
    headers.update({k.lower(): v for k, v in (extra_headers or {}).items()})
    signed = ";".join(sorted(headers))
    canonical_query = "&".join(
        "%s=%s" % (urllib.parse.quote(k, safe="-_.~"), urllib.parse.quote(v, safe="-_.~"))
        for k, v in sorted(urllib.parse.parse_qsl(query, keep_blank_values=True)))
    canonical = "\n".join([method, urllib.parse.quote(parsed.path or "/", safe="/-_.~"), canonical_query,
                           "".join("%s:%s\n" % (k, str(headers[k]).strip()) for k in sorted(headers)),
                           signed, payload_hash])
    scope = "%s/%s/%s/aws4_request" % (day, cfg["region"], service)
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
    key = _hmac(_hmac(_hmac(_hmac(("AWS4" + cfg["admin_secret"]).encode(), day), cfg["region"]), service),
                "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        cfg["admin_key"], scope, signed, signature)
    headers.pop("host")
    full = url + ("?" + query if query else "")
    req = urllib.request.Request(full, data=body if method in ("POST", "PUT") else None,
                                 headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=15) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


class IAMError(RuntimeError):
    def __init__(self, action, status, code, body):
        super().__init__("IAM %s failed: HTTP %s %s" % (action, status, code or body[:200]))
        self.status, self.code = status, code


def _text(tree, tag):
    for el in tree.iter():
        if el.tag.split("}")[-1] == tag:
            return el.text
    return None


def iam_call(cfg, action, **params):
    """One IAM action. Falls back to the S3 endpoint (SeaweedFS serves IAM there too) when the
    IAM port cannot be reached, e.g. where a NetworkPolicy only opens the S3 port."""
    body = urllib.parse.urlencode({"Action": action, "Version": "2010-05-08", **params}).encode()
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8"}
    try:
        status, data = signed_request(cfg, "iam", "POST", cfg["iam_endpoint"].rstrip("/") + "/", body,
                                      extra_headers=headers)
    except (urllib.error.URLError, OSError) as err:
        if cfg["s3_endpoint"] == cfg["iam_endpoint"]:
            raise
        log("IAM endpoint %s unreachable (%s); trying %s" % (cfg["iam_endpoint"], err, cfg["s3_endpoint"]))
        status, data = signed_request(cfg, "iam", "POST", cfg["s3_endpoint"].rstrip("/") + "/", body,
                                      extra_headers=headers)
    try:
        tree = ET.fromstring(data) if data.strip() else ET.Element("Empty")
    except ET.ParseError:
        tree = ET.Element("Unparsable")
    if status >= 300:
        raise IAMError(action, status, _text(tree, "Code"), data.decode(errors="replace"))
    return tree


def namespace_policy(bucket, namespace):
    """What a namespace's identity may do: its own prefix, nothing else of the bucket."""
    prefix = "private-artifacts/%s" % namespace
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow",
             "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
             "Resource": ["arn:aws:s3:::%s/%s/*" % (bucket, prefix)]},
            {"Effect": "Allow",
             "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
             "Resource": ["arn:aws:s3:::%s" % bucket],
             "Condition": {"StringLike": {"s3:prefix": ["%s/*" % prefix, prefix]}}},
        ],
    }


def namespace_credentials(cfg, namespace):
    """Creates (or re-keys) the namespace's S3 identity; returns (access key, secret key)."""
    user = namespace  # namespace names cannot collide with the admin identity `kfp_admin`
    try:
        iam_call(cfg, "CreateUser", UserName=user)
    except IAMError as err:
        if err.status != 409 and err.code != "EntityAlreadyExists":
            raise
    iam_call(cfg, "PutUserPolicy", UserName=user, PolicyName="kfp-%s" % namespace,
             PolicyDocument=json.dumps(namespace_policy(cfg["bucket"], namespace)))
    old = []
    try:
        listing = iam_call(cfg, "ListAccessKeys", UserName=user)
        old = [el.text for el in listing.iter() if el.tag.split("}")[-1] == "AccessKeyId" and el.text]
    except IAMError as err:
        log("listing the access keys of %s failed (kept): %s" % (user, err))
    created = iam_call(cfg, "CreateAccessKey", UserName=user)
    key, secret = _text(created, "AccessKeyId"), _text(created, "SecretAccessKey")
    if not key or not secret:
        raise RuntimeError("CreateAccessKey for %s returned no key" % user)
    for stale in old:
        if stale != key:
            try:
                iam_call(cfg, "DeleteAccessKey", UserName=user, AccessKeyId=stale)
            except IAMError as err:
                log("deleting the old access key of %s failed: %s" % (user, err))
    log("S3 identity %s: new access key" % user)
    return key, secret


_retention_done = set()
_retention_lock = threading.Lock()


def ensure_retention(cfg, namespace):
    """A bucket lifecycle rule expiring private-artifacts/<namespace>/ (best effort, once)."""
    days = cfg["retention_days"]
    if days <= 0 or (namespace, days) in _retention_done:
        return
    with _retention_lock:
        url = "%s/%s" % (cfg["s3_endpoint"].rstrip("/"), cfg["bucket"])
        status, data = signed_request(cfg, "s3", "GET", url, query="lifecycle=")
        root = ET.Element("LifecycleConfiguration", xmlns=S3_NS)
        if status == 200 and data.strip():
            for rule in ET.fromstring(data):
                if rule.tag.split("}")[-1] == "Rule" and _text(rule, "ID") != "kfp-retention-%s" % namespace:
                    root.append(rule)
        elif status not in (200, 404):
            log("reading the lifecycle of bucket %s failed: HTTP %s" % (cfg["bucket"], status))
            return
        rule = ET.SubElement(root, "Rule")
        ET.SubElement(rule, "ID").text = "kfp-retention-%s" % namespace
        ET.SubElement(ET.SubElement(rule, "Filter"), "Prefix").text = "private-artifacts/%s/" % namespace
        ET.SubElement(rule, "Status").text = "Enabled"
        ET.SubElement(ET.SubElement(rule, "Expiration"), "Days").text = str(days)
        body = ET.tostring(root, xml_declaration=True, encoding="UTF-8")
        md5 = base64.b64encode(hashlib.md5(body).digest()).decode()
        status, data = signed_request(cfg, "s3", "PUT", url, body, query="lifecycle=",
                                      extra_headers={"content-md5": md5, "content-type": "application/xml"})
        if status >= 300:
            log("setting the retention of %s failed: HTTP %s %s" % (namespace, status, data[:200]))
            return
        _retention_done.add((namespace, days))
        log("artifacts of %s expire after %s days" % (namespace, days))


# --- the desired children ----------------------------------------------------------------------

def _meta(name, namespace, labels=None, annotations=None):
    md = {"name": name, "namespace": namespace, "labels": {**MANAGED_BY, **(labels or {})}}
    if annotations:
        md["annotations"] = annotations
    return md


def _restricted():
    return {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
            "runAsNonRoot": True, "runAsUser": 1000, "runAsGroup": 0,
            "seccompProfile": {"type": "RuntimeDefault"}}


def _deployment(cfg, namespace, app, container):
    template_md = {"labels": {"app": app}}
    if cfg["disable_istio_sidecar"]:
        template_md["annotations"] = {"sidecar.istio.io/inject": "false"}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": _meta(app, namespace, {"app": app}),
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": app}},
            "template": {"metadata": template_md, "spec": {
                "serviceAccountName": "default-editor",
                "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                "containers": [container],
            }},
        },
    }


def _service(namespace, app, port, target, port_name="http"):
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": _meta(app, namespace, {"app": app}),
            "spec": {"selector": {"app": app},
                     "ports": [{"name": port_name, "port": port, "protocol": "TCP", "targetPort": target}]}}


def visualization_server(cfg, namespace):
    app = "ml-pipeline-visualizationserver"
    probe = {"httpGet": {"path": "/", "port": 8888}, "initialDelaySeconds": 3, "periodSeconds": 5,
             "timeoutSeconds": 2}
    out = [
        _deployment(cfg, namespace, app, {
            "name": app, "image": cfg["visualization_image"], "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http", "containerPort": 8888}],
            "livenessProbe": probe, "readinessProbe": probe,
            "resources": {"requests": {"cpu": "30m", "memory": "500Mi"}},
            "securityContext": _restricted(),
        }),
        _service(namespace, app, 8888, 8888),
    ]
    if not cfg["disable_istio_sidecar"]:
        kfp = cfg["kfp_namespace"]
        out += [
            {"apiVersion": "networking.istio.io/v1alpha3", "kind": "DestinationRule",
             "metadata": _meta(app, namespace),
             "spec": {"host": "%s.%s.svc.cluster.local" % (app, namespace),
                      "trafficPolicy": {"tls": {"mode": "ISTIO_MUTUAL"}}}},
            {"apiVersion": "security.istio.io/v1beta1", "kind": "AuthorizationPolicy",
             "metadata": _meta(app, namespace),
             "spec": {"selector": {"matchLabels": {"app": app}},
                      "rules": [{"from": [{"source": {"principals": [
                          "cluster.local/ns/%s/sa/ml-pipeline" % kfp,
                          "cluster.local/ns/%s/sa/ml-pipeline-ui" % kfp]}}]}]}},
        ]
    return out


def artifact_proxy(cfg, namespace):
    """The UI's artifact fetcher inside the namespace (reads with the namespace's credentials)."""
    app = "ml-pipeline-ui-artifact"
    secret_env = lambda name, key: {"name": name, "valueFrom": {"secretKeyRef": {
        "name": "mlpipeline-minio-artifact", "key": key}}}
    return [
        _deployment(cfg, namespace, app, {
            "name": app, "image": cfg["frontend_image"], "imagePullPolicy": "IfNotPresent",
            "ports": [{"name": "http", "containerPort": 3000}],
            "env": [secret_env("MINIO_ACCESS_KEY", "accesskey"), secret_env("MINIO_SECRET_KEY", "secretkey")],
            "resources": {"requests": {"cpu": "10m", "memory": "70Mi"}},
            "securityContext": _restricted(),
        }),
        _service(namespace, app, 80, 3000),
    ]


def existing_secret_data(attachments):
    secret = (attachments.get("Secret.v1") or {}).get("mlpipeline-minio-artifact") or {}
    data = secret.get("data") or {}
    if data.get("accesskey") and data.get("secretkey"):
        return {"accesskey": data["accesskey"], "secretkey": data["secretkey"]}
    string_data = secret.get("stringData") or {}
    if string_data.get("accesskey") and string_data.get("secretkey"):
        return {"accesskey": b64(string_data["accesskey"]), "secretkey": b64(string_data["secretkey"])}
    return None


def desired_children(cfg, namespace, attachments):
    root = cfg["default_pipeline_root"] or "minio://%s/private-artifacts/%s/v2/artifacts" % (cfg["bucket"], namespace)
    children = [
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta("kfp-launcher", namespace),
         "data": {"defaultPipelineRoot": root}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta("metadata-grpc-configmap", namespace),
         "data": {"METADATA_GRPC_SERVICE_HOST": cfg["mlmd_host"], "METADATA_GRPC_SERVICE_PORT": cfg["mlmd_port"]}},
    ]
    children += visualization_server(cfg, namespace)
    if cfg["artifacts_proxy"]:
        children += artifact_proxy(cfg, namespace)
    data = existing_secret_data(attachments)
    if data is None:
        if cfg["per_namespace"]:
            key, secret = namespace_credentials(cfg, namespace)
            data = {"accesskey": b64(key), "secretkey": b64(secret)}
        else:
            data = {"accesskey": b64(cfg["admin_key"]), "secretkey": b64(cfg["admin_secret"])}
    children.append({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                     "metadata": _meta("mlpipeline-minio-artifact", namespace), "data": data})
    return children


def _group_key(obj):
    return "%s.%s" % (obj["kind"], obj["apiVersion"])


def sync(request, cfg=None):
    """The hook: Metacontroller's request in, the desired status and attachments out."""
    cfg = cfg or settings_from_env()
    parent = request.get("object") or request.get("parent") or {}
    md = parent.get("metadata") or {}
    namespace = md.get("name")
    if request.get("finalizing"):
        return {"attachments": [], "finalized": True}
    if (md.get("labels") or {}).get(ENABLED_LABEL) != "true" or not namespace:
        return {"status": {}, "attachments": []}
    attachments = request.get("attachments") or {}
    children = desired_children(cfg, namespace, attachments)
    try:
        ensure_retention(cfg, namespace)
    except Exception as err:  # retention is best effort; the children are what matters
        log("retention of %s: %r" % (namespace, err))
    observed = all(c["metadata"]["name"] in (attachments.get(_group_key(c)) or {}) for c in children)
    status = {"kubeflow-pipelines-ready": "True" if observed else "False",
              "kfp-version": cfg["kfp_version"]}
    return {"status": status, "attachments": children}


class Handler(BaseHTTPRequestHandler):
    cfg = None

    def do_GET(self):
        ok = self.path in ("/healthz", "/readyz")
        self.send_response(200 if ok else 404)
        self.end_headers()
        if ok:
            self.wfile.write(b"ok")

    def do_POST(self):
        if self.path.rstrip("/") not in ("/sync", ""):
            self.send_response(404)
            self.end_headers()
            return
        try:
            request = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
            body = json.dumps(sync(request, self.cfg)).encode()
        except Exception as err:  # Metacontroller retries a failed sync with backoff
            log("sync failed: %r" % (err,))
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(str(err).encode())
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def main():
    cfg = settings_from_env()
    if not cfg["admin_key"] or not cfg["admin_secret"]:
        log("warning: no admin S3 credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)")
    Handler.cfg = cfg
    server = ThreadingHTTPServer(("", cfg["port"]), Handler)
    log("kubeflow-pipelines-profile-controller %s listening on :%s" % (cfg["kfp_version"], cfg["port"]))
    server.serve_forever()


if __name__ == "__main__":
    main()
