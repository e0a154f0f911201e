// Shape: MiGoller/modbus-proxy-docker docker-bake.hcl: metadata-action target, five
// platforms, and the description as a `manifest,index:` annotation.
target "docker-metadata-action" { }

target "build" {
    inherits = ["docker-metadata-action"]
    context = "./"
    dockerfile = "Dockerfile"
    platforms = [
        "linux/amd64",
        "linux/arm/v6",
        "linux/arm/v7",
        "linux/arm64",
        "linux/386"
    ]
    annotations = [ "manifest,index:org.opencontainers.image.description=Docker image for a modbus proxy" ]
}
