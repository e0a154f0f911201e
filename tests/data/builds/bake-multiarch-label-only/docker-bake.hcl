// Shape: sigp/eleel docker-bake.hcl: a `binary` target and a `manifest` target that
// inherits it and adds platforms; the description only as a label.
group "default" {
  targets = ["binary"]
}

target "binary" {
  dockerfile = "Dockerfile.cross"
  context = "."
  labels = {
    "org.opencontainers.image.source" = "https://github.com/sigp/eleel"
    "org.opencontainers.image.description" = "Ethereum consensus multiplexer"
    "org.opencontainers.image.licenses" = "Apache-2.0"
  }
}

target "manifest" {
  inherits = ["binary"]
  platforms = ["linux/arm64", "linux/amd64"]
  output = ["type=registry"]
}
