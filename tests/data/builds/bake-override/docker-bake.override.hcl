target "default" {
  labels = {
    "org.opencontainers.image.source" = "https://github.com/octo-org/cli"
    "org.opencontainers.image.description" = "Octo CLI"
    "org.opencontainers.image.licenses" = "MIT"
  }
}
