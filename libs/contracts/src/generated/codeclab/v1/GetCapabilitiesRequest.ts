// Original file: protos/codeclab/v1/agent_runner.proto


export interface GetCapabilitiesRequest {
}

export interface GetCapabilitiesRequest__Output {
}
