// Who is calling: the identity every service records as `author` and checks
// permissions against. Until token authentication lands (issue 3) it is the
// "docpipe-user" request header, defaulting to "local"; servers without a
// token file accept loopback connections only.
#ifndef DOCPIPE_COMMON_IDENTITY_H_
#define DOCPIPE_COMMON_IDENTITY_H_

#include <grpcpp/grpcpp.h>

#include <string>

namespace docpipe {

inline constexpr char kUserHeader[] = "docpipe-user";

// Thread-safe; reads the call's client metadata.
std::string CallerIdentity(const grpc::CallbackServerContext& context);

}  // namespace docpipe

#endif  // DOCPIPE_COMMON_IDENTITY_H_
