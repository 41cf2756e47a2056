// Package appid checks idemu's App ID emulator with IBM's official Go SDK
// (github.com/IBM/appid-management-go-sdk) and its IAM authenticator, both pointed at
// an in-process idemu. It is a module of its own so that idemu's go.mod does not carry
// the SDK. Run it with: cd sdktest/appid && go test ./...
package appid
