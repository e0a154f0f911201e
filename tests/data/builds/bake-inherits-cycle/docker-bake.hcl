// Two targets that inherit from each other: buildx refuses this file.
target "a" {
  inherits = ["b"]
  context = "."
}

target "b" {
  inherits = ["a"]
}
