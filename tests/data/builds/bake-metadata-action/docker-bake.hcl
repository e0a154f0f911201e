// Shape: the docker/metadata-action "Bake definition" pattern as in
// manifoldfinance/venom-capacity and haoxins/jupyter-notebooks docker-bake.hcl:
// an empty `docker-metadata-action` target that the action's bake file fills in.
target "docker-metadata-action" {}

target "build" {
  inherits = ["docker-metadata-action"]
  context = "./"
  dockerfile = "base.dockerfile"
  platforms = [
    "linux/amd64"
  ]
}
