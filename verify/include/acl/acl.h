// ascend-port verify: the ACL host runtime calls a generated launch wrapper makes, on the CPU
// model of Ascend C. Device memory is the model's GM (every allocation registered and bounds-
// checked); a stream is a no-op, since the model runs a launch to completion before returning.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>

typedef int aclError;
typedef void* aclrtStream;
static const int ACL_SUCCESS = 0;
static const int AP_ACL_ERROR_INVALID_PARAM = 100000;
typedef enum aclrtMemMallocPolicy { ACL_MEM_MALLOC_HUGE_FIRST, ACL_MEM_MALLOC_HUGE_ONLY, ACL_MEM_MALLOC_NORMAL_ONLY } aclrtMemMallocPolicy;
typedef enum aclrtMemcpyKind { ACL_MEMCPY_HOST_TO_HOST, ACL_MEMCPY_HOST_TO_DEVICE, ACL_MEMCPY_DEVICE_TO_HOST, ACL_MEMCPY_DEVICE_TO_DEVICE, ACL_MEMCPY_DEFAULT } aclrtMemcpyKind;

inline aclError aclrtMalloc(void** devPtr, size_t size, aclrtMemMallocPolicy) {
  if (devPtr == nullptr || size == 0) return AP_ACL_ERROR_INVALID_PARAM;
  *devPtr = ::ap_model::gm_alloc(size);
  return *devPtr ? ACL_SUCCESS : AP_ACL_ERROR_INVALID_PARAM;
}
inline aclError aclrtFree(void* devPtr) {
  ::ap_model::gm_free(devPtr);
  return ACL_SUCCESS;
}
/** True when [p, p + bytes) lies inside one GM allocation of the model. */
inline bool ap_acl_in_gm(const void* p, size_t bytes) {
  const auto* a = ::ap_model::detail::gm_find(reinterpret_cast<uintptr_t>(p));
  return a != nullptr && reinterpret_cast<uintptr_t>(p) + bytes <= a->base + a->bytes;
}

inline aclError aclrtMemcpy(void* dst, size_t destMax, const void* src, size_t count, aclrtMemcpyKind kind) {
  if (count > destMax) {
    ::ap_model::detail::report("aclrtMemcpy", "count is larger than destMax");
    return AP_ACL_ERROR_INVALID_PARAM;
  }
  const bool dstDevice = kind == ACL_MEMCPY_HOST_TO_DEVICE || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
  const bool srcDevice = kind == ACL_MEMCPY_DEVICE_TO_HOST || kind == ACL_MEMCPY_DEVICE_TO_DEVICE;
  if ((dstDevice && !ap_acl_in_gm(dst, destMax)) || (srcDevice && !ap_acl_in_gm(src, count))) {
    ::ap_model::detail::report("aclrtMemcpy", "a device range of the copy lies outside its GM allocation");
    return AP_ACL_ERROR_INVALID_PARAM;
  }
  std::memmove(dst, src, count);
  return ACL_SUCCESS;
}
inline aclError aclrtMemsetAsync(void* devPtr, size_t maxCount, int32_t value, size_t count, aclrtStream) {
  if (count > maxCount) {
    ::ap_model::detail::report("aclrtMemsetAsync", "count is larger than maxCount");
    return AP_ACL_ERROR_INVALID_PARAM;
  }
  if (!ap_acl_in_gm(devPtr, maxCount)) {
    ::ap_model::detail::report("aclrtMemsetAsync", "the range lies outside its GM allocation");
    return AP_ACL_ERROR_INVALID_PARAM;
  }
  std::memset(devPtr, value, count);
  return ACL_SUCCESS;
}
inline aclError aclrtSynchronizeStream(aclrtStream) { return ACL_SUCCESS; }
