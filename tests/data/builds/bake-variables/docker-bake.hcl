// Shape: docker/buildx docs "Variables in Bake" and projects like docker/buildx's own
// docker-bake.hcl: variables with defaults, ${} interpolation in tags and labels, a group.
variable "REGISTRY" {
  default = "docker.io"
}
variable "REPO" {
  default = "myorg/MyApp"
}
variable "TAG" {
  default = "latest"
}
variable "RELEASE_NOTES" {}

group "default" {
  targets = ["app"]
}

target "app" {
  context = "."
  args = {
    VERSION = TAG
  }
  labels = {
    "org.opencontainers.image.source" = "https://github.com/${REPO}"
    "org.opencontainers.image.description" = "${RELEASE_NOTES}"
    "org.opencontainers.image.licenses" = "Apache-2.0"
    "org.opencontainers.image.version" = "${TAG}"
  }
  tags = ["${REGISTRY}/${REPO}:${TAG}", "${REGISTRY}/myorg/myapp:${TAG}"]
}
