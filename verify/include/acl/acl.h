// ascend-port verify and run-cpu: the CPU model of the ACL host runtime subset that ascend-port
// emits (the launch wrappers, and the host code `migrate` rewrites): process setup, devices,
// streams, events, memory, copies, synchronisation and errors. Device memory is the Ascend C
// model's GM (every allocation registered and bounds-checked); a stream or an event is a plain
// handle, since the model runs each launch to completion before returning. Misuse the hardware
// would punish (a copy outside its GM allocation, a call before aclInit) is recorded as a
// violation of the model, as for the device APIs. Declarations follow the API table
// (server/src/engine/ascendc/api.ts); test/unit/acl-model.test.ts checks that every ACL
// function of the table is defined here.
#pragma once
#include "kernel_operator.h"
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

typedef int aclError;
typedef void* aclrtStream;
typedef void* aclrtEvent;
typedef void* aclrtFuncHandle;
static const int ACL_SUCCESS = 0;
static const int AP_ACL_ERROR_INVALID_PARAM = 100000;
// Model-only codes (the real values differ; programs compare against ACL_SUCCESS).
static const int AP_ACL_ERROR_UNINITIALIZED = 100001;
static const int AP_ACL_ERROR_INVALID_DEVICE = 107001;
typedef enum aclrtLastErrLevel { ACL_RT_THREAD_LEVEL } aclrtLastErrLevel;
typedef enum aclrtDevAttr { ACL_DEV_ATTR_AICORE_CORE_NUM = 101, ACL_DEV_ATTR_CUBE_CORE_NUM = 102, ACL_DEV_ATTR_VECTOR_CORE_NUM = 201 } aclrtDevAttr;
// Values the reference does not transcribe: model stand-ins.
enum aclrtMemAttr : int { ACL_DDR_MEM, ACL_HBM_MEM, ACL_DDR_MEM_HUGE, ACL_DDR_MEM_NORMAL, ACL_HBM_MEM_HUGE, ACL_HBM_MEM_NORMAL };
enum aclrtEventRecordedStatus : int { ACL_EVENT_RECORDED_STATUS_NOT_READY, ACL_EVENT_RECORDED_STATUS_COMPLETE };
enum aclrtCallbackBlockType : int { ACL_CALLBACK_NO_BLOCK, ACL_CALLBACK_BLOCK };
typedef void (*aclrtCallback)(void* userData);
static const uint32_t ACL_EVENT_SYNC = 0x1u;
static const uint32_t ACL_EVENT_CAPTURE_STREAM_PROGRESS = 0x2u;
static const uint32_t ACL_EVENT_TIME_LINE = 0x8u;

#ifndef AP_ACL_AICORE_NUM
#define AP_ACL_AICORE_NUM 20
#endif
#ifndef AP_ACL_VECTOR_CORE_NUM
#define AP_ACL_VECTOR_CORE_NUM 40
#endif

namespace ap_acl {
struct State {
  bool initialised = false;
  int32_t device = -1;
  aclError lastError = ACL_SUCCESS;
  const char* lastMessage = "";
};
inline State& st() {
  static State s;
  return s;
}
/** Records a failure as the thread's last error (what aclrtGetLastError returns) and returns it. */
inline aclError fail(aclError e, const char* message) {
  st().lastError = e;
  st().lastMessage = message;
  return e;
}
/** Every runtime call but aclInit needs aclInit and a device first, as on the hardware. */
inline bool ready(const char* api) {
  if (!st().initialised) {
    ::ap_model::detail::report(api, "called before aclInit");
    fail(AP_ACL_ERROR_UNINITIALIZED, "ACL is not initialised (aclInit)");
    return false;
  }
  if (st().device < 0) {
    ::ap_model::detail::report(api, "called before aclrtSetDevice");
    fail(AP_ACL_ERROR_INVALID_DEVICE, "no device is set (aclrtSetDevice)");
    return false;
  }
  return true;
}
struct Event {
  bool recorded = false;
  std::chrono::steady_clock::time_point at;
};
struct Stream {
  int id = 0;
};
}  // namespace ap_acl

inline aclError aclInit(const char*) {
  ::ap_acl::st().initialised = true;
  return ACL_SUCCESS;
}
inline aclError aclFinalize() {
  ::ap_acl::st().initialised = false;
  return ACL_SUCCESS;
}
/** One device, id 0, as the CPU model has one. */
inline aclError aclrtSetDevice(int32_t deviceId) {
  if (!::ap_acl::st().initialised) {
    ::ap_model::detail::report("aclrtSetDevice", "called before aclInit");
    return ::ap_acl::fail(AP_ACL_ERROR_UNINITIALIZED, "ACL is not initialised (aclInit)");
  }
  if (deviceId != 0) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_DEVICE, "the CPU model has one device, 0");
  ::ap_acl::st().device = deviceId;
  return ACL_SUCCESS;
}
inline aclError aclrtResetDevice(int32_t deviceId) {
  if (deviceId != ::ap_acl::st().device) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_DEVICE, "aclrtResetDevice of a device that is not set");
  ::ap_acl::st().device = -1;
  return ACL_SUCCESS;
}
inline aclError aclrtGetDevice(int32_t* deviceId) {
  if (deviceId == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "deviceId is null");
  if (::ap_acl::st().device < 0) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_DEVICE, "no device is set (aclrtSetDevice)");
  *deviceId = ::ap_acl::st().device;
  return ACL_SUCCESS;
}
inline aclError aclrtGetDeviceCount(uint32_t* count) {
  if (count == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "count is null");
  *count = 1;
  return ACL_SUCCESS;
}
inline aclError aclrtGetDeviceInfo(uint32_t deviceId, aclrtDevAttr attr, int64_t* value) {
  if (value == nullptr || deviceId != 0) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "no such device, or value is null");
  switch (attr) {
    case ACL_DEV_ATTR_AICORE_CORE_NUM: *value = AP_ACL_AICORE_NUM; return ACL_SUCCESS;
    case ACL_DEV_ATTR_CUBE_CORE_NUM: *value = AP_ACL_AICORE_NUM; return ACL_SUCCESS;
    case ACL_DEV_ATTR_VECTOR_CORE_NUM: *value = AP_ACL_VECTOR_CORE_NUM; return ACL_SUCCESS;
  }
  return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "an attribute the model does not know");
}
inline aclError aclrtDeviceCanAccessPeer(int32_t* canAccessPeer, int32_t, int32_t) {
  if (canAccessPeer == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "canAccessPeer is null");
  *canAccessPeer = 0;  // one device: no peer
  return ACL_SUCCESS;
}
inline aclError aclrtDeviceEnablePeerAccess(int32_t, uint32_t) { return ::ap_acl::fail(AP_ACL_ERROR_INVALID_DEVICE, "the CPU model has no peer device"); }
inline aclError aclrtGetMemInfo(aclrtMemAttr, size_t* free, size_t* total) {
  if (free == nullptr || total == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "free or total is null");
  *total = size_t(64) << 30;
  *free = *total;
  return ACL_SUCCESS;
}
inline aclError aclrtSynchronizeDevice() { return ACL_SUCCESS; }
typedef enum aclrtMemMallocPolicy { ACL_MEM_MALLOC_HUGE_FIRST, ACL_MEM_MALLOC_HUGE_ONLY, ACL_MEM_MALLOC_NORMAL_ONLY } aclrtMemMallocPolicy;
typedef enum aclrtMemcpyKind { ACL_MEMCPY_HOST_TO_HOST, ACL_MEMCPY_HOST_TO_DEVICE, ACL_MEMCPY_DEVICE_TO_HOST, ACL_MEMCPY_DEVICE_TO_DEVICE, ACL_MEMCPY_DEFAULT } aclrtMemcpyKind;

inline aclError aclrtMalloc(void** devPtr, size_t size, aclrtMemMallocPolicy) {
#ifdef AP_ACL_REQUIRE_INIT  // whole programs (run-cpu); a verification driver calls the wrapper without aclInit
  if (!::ap_acl::ready("aclrtMalloc")) return ::ap_acl::st().lastError;
#endif
  if (devPtr == nullptr || size == 0) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "devPtr is null or size is 0");
  *devPtr = ::ap_model::gm_alloc(size);
  return *devPtr ? ACL_SUCCESS : ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "out of memory");
}
inline aclError aclrtFree(void* devPtr) {
  ::ap_model::gm_free(devPtr);
  return ACL_SUCCESS;
}
/** Host memory: plain host allocations (the device never reads them directly). */
inline aclError aclrtMallocHost(void** hostPtr, size_t size) {
  if (hostPtr == nullptr || size == 0) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "hostPtr is null or size is 0");
  *hostPtr = std::malloc(size);
  return *hostPtr ? ACL_SUCCESS : ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "out of memory");
}
inline aclError aclrtFreeHost(void* hostPtr) {
  std::free(hostPtr);
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
inline aclError aclrtMemcpyAsync(void* dst, size_t destMax, const void* src, size_t count, aclrtMemcpyKind kind, aclrtStream) {
  return aclrtMemcpy(dst, destMax, src, count, kind);
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
inline aclError aclrtMemset(void* devPtr, size_t maxCount, int32_t value, size_t count) { return aclrtMemsetAsync(devPtr, maxCount, value, count, nullptr); }

inline aclError aclrtCreateStream(aclrtStream* stream) {
  if (stream == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "stream is null");
  *stream = new ::ap_acl::Stream();
  return ACL_SUCCESS;
}
inline aclError aclrtDestroyStream(aclrtStream stream) {
  delete static_cast<::ap_acl::Stream*>(stream);
  return ACL_SUCCESS;
}
inline aclError aclrtSynchronizeStream(aclrtStream) { return ACL_SUCCESS; }

inline aclError aclrtCreateEvent(aclrtEvent* event) {
  if (event == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "event is null");
  *event = new ::ap_acl::Event();
  return ACL_SUCCESS;
}
inline aclError aclrtCreateEventWithFlag(aclrtEvent* event, uint32_t) { return aclrtCreateEvent(event); }
inline aclError aclrtDestroyEvent(aclrtEvent event) {
  delete static_cast<::ap_acl::Event*>(event);
  return ACL_SUCCESS;
}
/** Work queued before the record has already run (launches run to completion): the event completes at once. */
inline aclError aclrtRecordEvent(aclrtEvent event, aclrtStream) {
  if (event == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "event is null");
  auto* e = static_cast<::ap_acl::Event*>(event);
  e->recorded = true;
  e->at = std::chrono::steady_clock::now();
  return ACL_SUCCESS;
}
inline aclError aclrtSynchronizeEvent(aclrtEvent event) { return event ? ACL_SUCCESS : ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "event is null"); }
inline aclError aclrtQueryEventStatus(aclrtEvent event, aclrtEventRecordedStatus* status) {
  if (event == nullptr || status == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "event or status is null");
  *status = static_cast<::ap_acl::Event*>(event)->recorded ? ACL_EVENT_RECORDED_STATUS_COMPLETE : ACL_EVENT_RECORDED_STATUS_NOT_READY;
  return ACL_SUCCESS;
}
/** Wall-clock milliseconds between the two records on the CPU: not a device timing. */
inline aclError aclrtEventElapsedTime(float* ms, aclrtEvent startEvent, aclrtEvent endEvent) {
  auto* a = static_cast<::ap_acl::Event*>(startEvent);
  auto* b = static_cast<::ap_acl::Event*>(endEvent);
  if (ms == nullptr || a == nullptr || b == nullptr || !a->recorded || !b->recorded) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "an event was not recorded");
  *ms = std::chrono::duration<float, std::milli>(b->at - a->at).count();
  return ACL_SUCCESS;
}
inline aclError aclrtStreamWaitEvent(aclrtStream, aclrtEvent event) { return event ? ACL_SUCCESS : ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "event is null"); }
/** Queued work has run: the callback runs now. */
inline aclError aclrtLaunchCallback(aclrtCallback fn, void* userData, aclrtCallbackBlockType, aclrtStream) {
  if (fn == nullptr) return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "fn is null");
  fn(userData);
  return ACL_SUCCESS;
}

/** Launch through a function handle: the model runs launches only through the generated wrappers (ASCEND_PORT_LAUNCH). */
inline aclError aclrtLaunchKernel(aclrtFuncHandle, uint32_t, const void*, size_t, aclrtStream) {
  ::ap_model::detail::report("aclrtLaunchKernel", "a launch through a function handle is not modelled: launch through the generated wrapper");
  return ::ap_acl::fail(AP_ACL_ERROR_INVALID_PARAM, "aclrtLaunchKernel is not modelled");
}

inline aclError aclrtGetLastError(aclrtLastErrLevel) {
  const aclError e = ::ap_acl::st().lastError;
  ::ap_acl::st().lastError = ACL_SUCCESS;
  return e;
}
inline aclError aclrtPeekAtLastError(aclrtLastErrLevel) { return ::ap_acl::st().lastError; }
inline const char* aclGetRecentErrMsg() { return ::ap_acl::st().lastMessage; }
