// An HCL syntax error: the list is never closed.
target "app" {
  platforms = ["linux/amd64",
}
