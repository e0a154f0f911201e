// Shape: docker-bake.hcl files with the metadata-action target and two platforms, the
// Dockerfile under ./src (as in thegooscloud/proxmox-backup-client-k8s src/docker-bake.hcl and
// similar public files): whether the index gets a description depends on the workflow.
target "docker-metadata-action" {}

target "build" {
  inherits = ["docker-metadata-action"]
  context = "./src/"
  dockerfile = "./Dockerfile"
  platforms = [
    "linux/amd64",
    "linux/arm64",
  ]
}
