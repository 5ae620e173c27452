//! The vSphere methods libvirt's ESX driver calls, stated once in a table (after libvirt's
//! `esx_vi_generator.input`): wire name, the object it is called on, its parameters in the
//! WSDL's order (the Rust parameter names are the wire names), and what it returns.
//!
//! `on this` methods take the target object first; `on <manager>` methods are called on that
//! manager from the service content. Data-object parameters (specs) are [`Val`]s built with
//! [`super::soap::Obj`]. Optional parameters are `Option`s and are left out when `None`.
//! Login, logout, the property collector's methods and task waiting live in `client.rs`.

#![allow(non_snake_case)]

use super::client::Client;
use super::error::{ViError, ViResult};
use super::soap::Val;
use super::types::MoRef;
use super::xml::Node;

macro_rules! vi_call {
    ($c:ident, (), $w:expr, $t:expr, $a:expr) => {
        $c.invoke_none($w, $t, $a)
    };
    ($c:ident, task, $w:expr, $t:expr, $a:expr) => {
        $c.invoke_one::<MoRef>($w, $t, $a)
    };
    ($c:ident, one $ty:ty, $w:expr, $t:expr, $a:expr) => {
        $c.invoke_one::<$ty>($w, $t, $a)
    };
    ($c:ident, opt $ty:ty, $w:expr, $t:expr, $a:expr) => {
        $c.invoke_opt::<$ty>($w, $t, $a)
    };
    ($c:ident, list $ty:ty, $w:expr, $t:expr, $a:expr) => {
        $c.invoke_list::<$ty>($w, $t, $a)
    };
}

macro_rules! vi_ret {
    (()) => { () };
    (task) => { MoRef };
    (one $ty:ty) => { $ty };
    (opt $ty:ty) => { Option<$ty> };
    (list $ty:ty) => { Vec<$ty> };
}

macro_rules! vi_method {
    // Called on an object the caller names.
    ($(#[$doc:meta])* $fn:ident, $wire:ident, this, ($($arg:ident : $ty:ty),*), $kind:tt $($ret:ty)?) => {
        $(#[$doc])*
        #[allow(clippy::too_many_arguments)]
        pub fn $fn(&self, this: &MoRef, $($arg: $ty),*) -> ViResult<vi_ret!($kind $($ret)?)> {
            let args: Vec<(&str, Val)> = vec![$((stringify!($arg), Val::from($arg))),*];
            vi_call!(self, $kind $($ret)?, stringify!($wire), this, &args)
        }
    };
    // Called on one of the service content's managers.
    ($(#[$doc:meta])* $fn:ident, $wire:ident, $manager:ident, ($($arg:ident : $ty:ty),*), $kind:tt $($ret:ty)?) => {
        $(#[$doc])*
        #[allow(clippy::too_many_arguments)]
        pub fn $fn(&self, $($arg: $ty),*) -> ViResult<vi_ret!($kind $($ret)?)> {
            let this = self.service_content().$manager.clone().ok_or_else(|| {
                ViError::internal(concat!("The server has no ", stringify!($manager)))
            })?;
            let args: Vec<(&str, Val)> = vec![$((stringify!($arg), Val::from($arg))),*];
            vi_call!(self, $kind $($ret)?, stringify!($wire), &this, &args)
        }
    };
}

macro_rules! vi_methods {
    ($(
        $(#[$doc:meta])*
        fn $fn:ident = $wire:ident on $on:ident ( $($arg:ident : $ty:ty),* ) -> $kind:tt $($ret:ty)?;
    )*) => {
        /// Typed wrappers, one per row of the method table.
        impl Client {
            $(
                vi_method!($(#[$doc])* $fn, $wire, $on, ($($arg : $ty),*), $kind $($ret)?);
            )*
        }

        /// The wire names of every method in the table.
        pub const METHODS: &[&str] = &[$(stringify!($wire)),*];
    };
}

vi_methods! {
    /// `HostNetworkSystem.AddPortGroup`.
    fn add_port_group = AddPortGroup on this (portgrp: Val) -> ();
    /// `HostNetworkSystem.AddVirtualSwitch`.
    fn add_virtual_switch = AddVirtualSwitch on this (vswitchName: &str, spec: Option<Val>) -> ();
    /// `VirtualMachine.AnswerVM`: answer a pending question.
    fn answer_vm = AnswerVM on this (questionId: &str, answerChoice: &str) -> ();
    /// `Task.CancelTask`.
    fn cancel_task = CancelTask on this () -> ();
    /// `VirtualDiskManager.CopyVirtualDisk_Task`.
    fn copy_virtual_disk_task = CopyVirtualDisk_Task on virtual_disk_manager (
        sourceName: &str, sourceDatacenter: Option<&MoRef>, destName: &str,
        destDatacenter: Option<&MoRef>, destSpec: Option<Val>, force: Option<bool>) -> task;
    /// `VirtualMachine.CreateSnapshot_Task`.
    fn create_snapshot_task = CreateSnapshot_Task on this (
        name: &str, description: Option<&str>, memory: bool, quiesce: bool) -> task;
    /// `VirtualDiskManager.CreateVirtualDisk_Task`.
    fn create_virtual_disk_task = CreateVirtualDisk_Task on virtual_disk_manager (
        name: &str, datacenter: Option<&MoRef>, spec: Val) -> task;
    /// `VirtualDiskManager.DeleteVirtualDisk_Task`.
    fn delete_virtual_disk_task = DeleteVirtualDisk_Task on virtual_disk_manager (
        name: &str, datacenter: Option<&MoRef>) -> task;
    /// `VirtualDiskManager.ExtendVirtualDisk_Task`.
    fn extend_virtual_disk_task = ExtendVirtualDisk_Task on virtual_disk_manager (
        name: &str, datacenter: Option<&MoRef>, newCapacityKb: i64, eagerZero: Option<bool>) -> task;
    /// `ManagedEntity.Destroy_Task`.
    fn destroy_task = Destroy_Task on this () -> task;
    /// `SearchIndex.FindByIp`.
    fn find_by_ip = FindByIp on search_index (
        datacenter: Option<&MoRef>, ip: &str, vmSearch: bool) -> opt MoRef;
    /// `SearchIndex.FindByInventoryPath`.
    fn find_by_inventory_path = FindByInventoryPath on search_index (inventoryPath: &str) -> opt MoRef;
    /// `FileManager.MakeDirectory`.
    fn make_directory = MakeDirectory on file_manager (
        name: &str, datacenter: Option<&MoRef>, createParentDirectories: Option<bool>) -> ();
    /// `FileManager.DeleteDatastoreFile_Task`.
    fn delete_datastore_file_task = DeleteDatastoreFile_Task on file_manager (
        name: &str, datacenter: Option<&MoRef>) -> task;
    /// `FileManager.MoveDatastoreFile_Task`.
    fn move_datastore_file_task = MoveDatastoreFile_Task on file_manager (
        sourceName: &str, sourceDatacenter: Option<&MoRef>, destinationName: &str,
        destinationDatacenter: Option<&MoRef>, force: Option<bool>) -> task;
    /// `VirtualMachine.MigrateVM_Task`.
    fn migrate_vm_task = MigrateVM_Task on this (
        pool: Option<&MoRef>, host: Option<&MoRef>, priority: &str, state: Option<&str>) -> task;
    /// `VirtualMachine.RelocateVM_Task` (`spec`: a `VirtualMachineRelocateSpec`).
    fn relocate_vm_task = RelocateVM_Task on this (spec: Val, priority: Option<&str>) -> task;
    /// `VirtualMachine.PowerOffVM_Task`.
    fn power_off_vm_task = PowerOffVM_Task on this () -> task;
    /// `VirtualMachine.PowerOnVM_Task`.
    fn power_on_vm_task = PowerOnVM_Task on this (host: Option<&MoRef>) -> task;
    /// `PerformanceManager.QueryAvailablePerfMetric`.
    fn query_available_perf_metric = QueryAvailablePerfMetric on perf_manager (
        entity: &MoRef, beginTime: Option<&str>, endTime: Option<&str>,
        intervalId: Option<i32>) -> list Node;
    /// `PerformanceManager.QueryPerf`.
    fn query_perf = QueryPerf on perf_manager (querySpec: Vec<Val>) -> list Node;
    /// `PerformanceManager.QueryPerfCounter`.
    fn query_perf_counter = QueryPerfCounter on perf_manager (counterId: Vec<i32>) -> list Node;
    /// `VirtualDiskManager.QueryVirtualDiskUuid`.
    fn query_virtual_disk_uuid = QueryVirtualDiskUuid on virtual_disk_manager (
        name: &str, datacenter: Option<&MoRef>) -> one String;
    /// `VirtualMachine.RebootGuest`.
    fn reboot_guest = RebootGuest on this () -> ();
    /// `VirtualMachine.ReconfigVM_Task`.
    fn reconfig_vm_task = ReconfigVM_Task on this (spec: Val) -> task;
    /// `HostAutoStartManager.ReconfigureAutostart`.
    fn reconfigure_autostart = ReconfigureAutostart on this (spec: Val) -> ();
    /// `Datastore.RefreshDatastore`.
    fn refresh_datastore = RefreshDatastore on this () -> ();
    /// `Folder.RegisterVM_Task`.
    fn register_vm_task = RegisterVM_Task on this (
        path: &str, name: Option<&str>, asTemplate: bool, pool: Option<&MoRef>,
        host: Option<&MoRef>) -> task;
    /// `HostNetworkSystem.RemovePortGroup`.
    fn remove_port_group = RemovePortGroup on this (pgName: &str) -> ();
    /// `VirtualMachineSnapshot.RemoveSnapshot_Task`.
    fn remove_snapshot_task = RemoveSnapshot_Task on this (removeChildren: bool) -> task;
    /// `HostNetworkSystem.RemoveVirtualSwitch`.
    fn remove_virtual_switch = RemoveVirtualSwitch on this (vswitchName: &str) -> ();
    /// `HostStorageSystem.RescanHba`.
    fn rescan_hba = RescanHba on this (hbaDevice: &str) -> ();
    /// `VirtualMachineSnapshot.RevertToSnapshot_Task`.
    fn revert_to_snapshot_task = RevertToSnapshot_Task on this (
        host: Option<&MoRef>, suppressPowerOn: Option<bool>) -> task;
    /// `HostDatastoreBrowser.SearchDatastoreSubFolders_Task`.
    fn search_datastore_sub_folders_task = SearchDatastoreSubFolders_Task on this (
        datastorePath: &str, searchSpec: Option<Val>) -> task;
    /// `HostDatastoreBrowser.SearchDatastore_Task`.
    fn search_datastore_task = SearchDatastore_Task on this (
        datastorePath: &str, searchSpec: Option<Val>) -> task;
    /// `VirtualMachine.ShutdownGuest`.
    fn shutdown_guest = ShutdownGuest on this () -> ();
    /// `VirtualMachine.SuspendVM_Task`.
    fn suspend_vm_task = SuspendVM_Task on this () -> task;
    /// `VirtualMachine.ResetVM_Task`.
    fn reset_vm_task = ResetVM_Task on this () -> task;
    /// `VirtualMachine.UnregisterVM`.
    fn unregister_vm = UnregisterVM on this () -> ();
    /// `VirtualDiskManager.ZeroFillVirtualDisk_Task`.
    fn zero_fill_virtual_disk_task = ZeroFillVirtualDisk_Task on virtual_disk_manager (
        name: &str, datacenter: Option<&MoRef>) -> task;
    /// `ServiceInstance.CurrentTime`.
    fn current_time = CurrentTime on this () -> one String;
    /// `SessionManager.TerminateSession`.
    fn terminate_session = TerminateSession on session_manager (sessionId: Vec<String>) -> ();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lists_wire_names() {
        assert!(METHODS.contains(&"PowerOnVM_Task"));
        assert!(METHODS.contains(&"AnswerVM"));
        assert_eq!(
            METHODS.len(),
            METHODS
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len()
        );
    }
}
