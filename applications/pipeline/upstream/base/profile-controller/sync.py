"""Kubeflow Pipelines profile controller: a Metacontroller DecoratorController hook.

For every namespace labelled pipelines.kubeflow.org/enabled=true (profile namespaces) it returns
the objects pipelines need there:
  ConfigMap kfp-launcher             default pipeline root (v2), private to the namespace
  ConfigMap metadata-grpc-configmap  where ML Metadata is
  ConfigMap artifact-repositories    Argo's default artifact repository for the namespace
  Secret mlpipeline-minio-artifact   S3 credentials for SeaweedFS
With S3_PER_NAMESPACE_CREDENTIALS=true the credentials belong to an S3 identity made for the
namespace through the SeaweedFS IAM API, allowed only under private-artifacts/<namespace>/ of
the bucket; otherwise the admin credentials are copied. Standard library only.
"""
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KFP_VERSION = os.environ.get("KFP_VERSION", "2.15.0")
S3_ENDPOINT = os.environ.get("S3_ENDPOINT", "minio-service.kubeflow:9000")
S3_BUCKET = os.environ.get("S3_BUCKET", "mlpipeline")
IAM_ENDPOINT = os.environ.get("SEAWEEDFS_IAM_ENDPOINT", "http://seaweedfs.kubeflow:8111")
PER_NAMESPACE = os.environ.get("S3_PER_NAMESPACE_CREDENTIALS", "true").lower() == "true"
DEFAULT_ROOT = os.environ.get("KFP_DEFAULT_PIPELINE_ROOT", "")
MLMD_HOST = os.environ.get("METADATA_GRPC_SERVICE_HOST", "metadata-grpc-service.kubeflow")
MLMD_PORT = os.environ.get("METADATA_GRPC_SERVICE_PORT", "8080")
ADMIN_KEY = os.environ.get("MINIO_ACCESS_KEY", "")
ADMIN_SECRET = os.environ.get("MINIO_SECRET_KEY", "")
REGION = os.environ.get("S3_REGION", "us-east-1")
ENABLED_LABEL = "pipelines.kubeflow.org/enabled"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def _sign(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def iam_call(action, **params):
    """POST one IAM action to SeaweedFS, signed with AWS Signature V4 (admin identity)."""
    body = urllib.parse.urlencode({"Action": action, "Version": "2010-05-08", **params})
    url = urllib.parse.urlparse(IAM_ENDPOINT)
    now = datetime.datetime.now(datetime.timezone.utc)
    amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    payload_hash = hashlib.sha256(body.encode()).hexdigest()
    headers = {"content-type": "application/x-www-form-urlencoded; charset=utf-8",
               "host": url.netloc, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical = "\n".join(["POST", url.path or "/", "",
                           "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)),
                           signed, payload_hash])
    scope = f"{day}/{REGION}/iam/aws4_request"
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = _sign(_sign(_sign(_sign(("AWS4" + ADMIN_SECRET).encode(), day), REGION), "iam"), "aws4_request")
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={ADMIN_KEY}/{scope}, "
                                f"SignedHeaders={signed}, Signature={signature}")
    req = urllib.request.Request(IAM_ENDPOINT, data=body.encode(), headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return ET.fromstring(resp.read())


def find(tree, tag):
    for el in tree.iter():
        if el.tag.split("}")[-1] == tag:
            return el.text
    return None


def namespace_credentials(ns):
    """A new S3 identity for the namespace, restricted to its own prefix."""
    user = f"kfp-{ns}"
    try:
        iam_call("CreateUser", UserName=user)
    except urllib.error.HTTPError as err:
        if err.code != 409:  # EntityAlreadyExists is fine
            raise
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
             "Resource": [f"arn:aws:s3:::{S3_BUCKET}/private-artifacts/{ns}/*",
                          f"arn:aws:s3:::{S3_BUCKET}/artifacts/*"]},
            {"Effect": "Allow", "Action": ["s3:ListBucket"],
             "Resource": [f"arn:aws:s3:::{S3_BUCKET}"]},
        ],
    }
    iam_call("PutUserPolicy", UserName=user, PolicyName=f"kfp-{ns}",
             PolicyDocument=json.dumps(policy))
    tree = iam_call("CreateAccessKey", UserName=user)
    key, secret = find(tree, "AccessKeyId"), find(tree, "SecretAccessKey")
    if not key or not secret:
        raise RuntimeError(f"CreateAccessKey for {user} returned no key")
    log(f"created S3 identity {user}")
    return key, secret


def b64(s):
    return base64.b64encode(s.encode()).decode()


def desired(ns, existing_secret):
    labels = {"app.kubernetes.io/managed-by": "kubeflow-pipelines-profile-controller"}
    pipeline_root = DEFAULT_ROOT or f"minio://{S3_BUCKET}/private-artifacts/{ns}/v2/artifacts"
    key_format = (f"private-artifacts/{ns}/{{{{workflow.name}}}}/{{{{workflow.creationTimestamp.Y}}}}/"
                  "{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}")
    repo = (f"archiveLogs: true\ns3:\n  endpoint: \"{S3_ENDPOINT}\"\n  bucket: \"{S3_BUCKET}\"\n"
            f"  keyFormat: \"{key_format}\"\n  insecure: true\n"
            "  accessKeySecret:\n    name: mlpipeline-minio-artifact\n    key: accesskey\n"
            "  secretKeySecret:\n    name: mlpipeline-minio-artifact\n    key: secretkey\n")
    data = (existing_secret or {}).get("data") or {}
    if data.get("accesskey") and data.get("secretkey"):
        secret_data = {"accesskey": data["accesskey"], "secretkey": data["secretkey"]}
    elif PER_NAMESPACE:
        key, secret = namespace_credentials(ns)
        secret_data = {"accesskey": b64(key), "secretkey": b64(secret)}
    else:
        secret_data = {"accesskey": b64(ADMIN_KEY), "secretkey": b64(ADMIN_SECRET)}
    return [
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "kfp-launcher", "namespace": ns, "labels": labels},
         "data": {"defaultPipelineRoot": pipeline_root}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "metadata-grpc-configmap", "namespace": ns, "labels": labels},
         "data": {"METADATA_GRPC_SERVICE_HOST": MLMD_HOST, "METADATA_GRPC_SERVICE_PORT": MLMD_PORT}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "artifact-repositories", "namespace": ns, "labels": labels,
                      "annotations": {"workflows.argoproj.io/default-artifact-repository": "default-v1"}},
         "data": {"default-v1": repo}},
        {"apiVersion": "v1", "kind": "Secret",
         "metadata": {"name": "mlpipeline-minio-artifact", "namespace": ns, "labels": labels},
         "type": "Opaque", "data": secret_data},
    ]


def sync(request):
    parent = request["object"]
    ns = parent["metadata"]["name"]
    if parent["metadata"].get("labels", {}).get(ENABLED_LABEL) != "true":
        return {"status": {}, "attachments": []}
    existing = request.get("attachments", {}).get("Secret.v1", {}).get("mlpipeline-minio-artifact")
    children = desired(ns, existing)
    return {"status": {"kubeflow-pipelines-ready": "True", "kfp-version": KFP_VERSION},
            "attachments": children}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/healthz" else 404)
        self.end_headers()
        if self.path == "/healthz":
            self.wfile.write(b"ok")

    def do_POST(self):
        try:
            request = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            body = json.dumps(sync(request)).encode()
        except Exception as err:  # metacontroller retries on errors
            log(f"sync failed: {err!r}")
            self.send_response(500)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        if os.environ.get("LOG_LEVEL", "info") == "debug":
            log(fmt % args)


if __name__ == "__main__":
    ThreadingHTTPServer(("", int(os.environ.get("PORT", "8080"))), Handler).serve_forever()
